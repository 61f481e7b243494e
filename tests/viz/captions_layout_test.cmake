# Lays SCENARIO out at the moment each of its captions comes up, at every size and scale of the
# layout test, in both languages and both arrangements, and checks the layouts with check_layout:
# besides its usual rules, no caption may be cut (ended with "…"), which a long Japanese caption at
# 1280x720 scale 1.5 was. One too long for its band even in the smallest type is shown in pages
# (at scale 2 on 1024x768 and 1280x720), which is not a cut.
# Variables: XVFB_RUN, GUI, CHECK, SCENARIO, OUT (the JSON file).
file(REMOVE ${OUT})
execute_process(
  COMMAND ${XVFB_RUN} -a -s "-screen 0 1280x720x24" ${GUI} ${SCENARIO}
          --size 1024x768,1280x720,1366x768,1920x1080 --scale 1,1.5,2 --at captions
          --layout classroom,projector --lang en,ja --dump-layout ${OUT}
  RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err TIMEOUT 250)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "mailsim-gui exited with ${rc}\n${out}\n${err}")
endif()
execute_process(COMMAND ${CHECK} ${OUT} --uncut-captions 1 RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "${OUT}:\n${out}${err}")
endif()
message(STATUS "${out}")
