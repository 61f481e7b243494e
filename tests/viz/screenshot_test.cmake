# Runs mailsim-gui under a virtual X server to render SCENARIO at 12s into PNG, then checks the PNG.
# Variables: XVFB_RUN, GUI, CHECK, SCENARIO (empty: the start screen), PNG, EXTRA (extra arguments
# joined with '|').
string(REPLACE "|" ";" extra "${EXTRA}")
if(SCENARIO)
  list(PREPEND extra ${SCENARIO} --at 12s)
endif()
file(REMOVE ${PNG})
execute_process(
  COMMAND ${XVFB_RUN} -a -s "-screen 0 1280x720x24" ${GUI} --screenshot ${PNG} --size 1280x720 ${extra}
  RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err TIMEOUT 50)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "mailsim-gui exited with ${rc}\n${out}\n${err}")
endif()
execute_process(COMMAND ${CHECK} ${PNG} 1280 720 RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "${PNG}: ${out}${err}")
endif()
message(STATUS "${out}")
