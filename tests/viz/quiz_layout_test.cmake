# The layout with a question on screen (--quiz, and with --reveal its answer and explanation): at
# every size and scale of the layout test, both arrangements and languages, at a few moments, the
# question, its choices and the rest hold viz::check_layout's rules (the map keeps 40%, no text
# leaves its window).
# Variables: XVFB_RUN, GUI, CHECK, SCENARIO, OUT (the JSON file), REVEAL (ON or OFF).
file(REMOVE ${OUT})
set(reveal)
if(REVEAL)
  set(reveal --reveal)
endif()
execute_process(
  COMMAND ${XVFB_RUN} -a -s "-screen 0 1280x720x24" ${GUI} ${SCENARIO} --quiz ${reveal}
          --size 1024x768,1280x720,1366x768,1920x1080 --scale 1,1.5,2 --at 0s,10.1s,40s
          --layout classroom,projector --lang en,ja --dump-layout ${OUT}
  RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err TIMEOUT 100)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "mailsim-gui exited with ${rc}\n${out}\n${err}")
endif()
# Every layout has the question (a "quiz" item) on screen.
file(READ ${OUT} dump)
string(REGEX MATCHALL "\"name\": \"quiz\"" quizzes "${dump}")
list(LENGTH quizzes n)
if(n EQUAL 0)
  message(FATAL_ERROR "${OUT}: no question on screen")
endif()
execute_process(COMMAND ${CHECK} ${OUT} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "${OUT}:\n${out}${err}")
endif()
message(STATUS "${n} layouts with a question; ${out}")
