cmake_minimum_required(VERSION 3.25)
# The determinism promise at the command line: two runs of one scenario with one seed write
# byte-identical trace files, and another seed writes a different one.
foreach(run a b)
  execute_process(COMMAND ${MAILSIM} run ${SCENARIO} --quiet --trace ${WORKDIR}/trace-${run}.jsonl
                  RESULT_VARIABLE status OUTPUT_QUIET)
  if(NOT status EQUAL 0)
    message(FATAL_ERROR "run ${run} exited ${status}")
  endif()
endforeach()
execute_process(COMMAND ${MAILSIM} run ${SCENARIO} --quiet --seed 4242 --trace ${WORKDIR}/trace-c.jsonl OUTPUT_QUIET)
execute_process(COMMAND ${CMAKE_COMMAND} -E compare_files ${WORKDIR}/trace-a.jsonl ${WORKDIR}/trace-b.jsonl
                RESULT_VARIABLE same)
if(NOT same EQUAL 0)
  message(FATAL_ERROR "two runs with the same seed wrote different traces")
endif()
execute_process(COMMAND ${CMAKE_COMMAND} -E compare_files ${WORKDIR}/trace-a.jsonl ${WORKDIR}/trace-c.jsonl
                RESULT_VARIABLE differ)
if(differ EQUAL 0)
  message(FATAL_ERROR "a different seed wrote the same trace")
endif()
file(SIZE ${WORKDIR}/trace-a.jsonl size)
if(size LESS 10000)
  message(FATAL_ERROR "trace suspiciously small: ${size} bytes")
endif()
