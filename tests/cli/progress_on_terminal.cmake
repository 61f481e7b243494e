cmake_minimum_required(VERSION 3.25)
# A long run shows how far it got on stderr when stderr is a terminal (util-linux `script` gives it
# one), and nothing at all when it is not, as in every other test.
string(ASCII 27 esc)
execute_process(COMMAND ${SCRIPT} -qec "${MAILSIM} run ${SCENARIO} --quiet" /dev/null
                RESULT_VARIABLE status OUTPUT_VARIABLE tty ERROR_VARIABLE tty_err)
if(NOT status EQUAL 0)
  message(FATAL_ERROR "on a terminal: exit status ${status}\n${tty}${tty_err}")
endif()
if(NOT tty MATCHES "\r${esc}\\[Kmailsim: virtual time [0-9:.]+, [0-9]+ events, 0 messages delivered")
  message(FATAL_ERROR "no progress line on the terminal:\n${tty}")
endif()
if(NOT tty MATCHES "\r${esc}\\[KExpectations at 00:30:00.000000:")
  message(FATAL_ERROR "the progress line was not cleared before the results:\n${tty}")
endif()
execute_process(COMMAND ${MAILSIM} run ${SCENARIO} --quiet RESULT_VARIABLE status OUTPUT_QUIET ERROR_VARIABLE err)
if(NOT status EQUAL 0 OR NOT err STREQUAL "")
  message(FATAL_ERROR "piped: exit status ${status}, stderr:\n${err}")
endif()
