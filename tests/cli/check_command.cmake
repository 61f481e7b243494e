cmake_minimum_required(VERSION 3.25)
# Runs COMMAND (a ;-list) and checks its exit status is EXIT and, when given, that its stderr
# equals the file STDERR_FILE after replacing {SOURCE} with the source directory.
execute_process(COMMAND ${COMMAND} RESULT_VARIABLE status OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT status EQUAL EXIT)
  message(FATAL_ERROR "exit status ${status}, expected ${EXIT}\nstdout:\n${out}\nstderr:\n${err}")
endif()
if(DEFINED STDERR_FILE)
  file(READ ${STDERR_FILE} expected)
  string(REPLACE "{SOURCE}" "${SOURCE}" expected "${expected}")
  if(NOT err STREQUAL expected)
    message(FATAL_ERROR "stderr differs.\nexpected:\n${expected}\ngot:\n${err}")
  endif()
endif()
