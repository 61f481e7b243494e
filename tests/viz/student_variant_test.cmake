# mailsim-gui LESSON --student N opens that student's variant (mailsim variant): the map names the
# variant's hosts, not the lesson's. Variables: XVFB_RUN, GUI, SCENARIO, OUT, WANT (a host of the
# variant), NOT (the lesson's host it replaces).
file(REMOVE ${OUT})
execute_process(COMMAND ${XVFB_RUN} -a -s "-screen 0 1280x720x24" ${GUI} ${SCENARIO} --student 7 --dump-layout ${OUT}
                RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err TIMEOUT 50)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "mailsim-gui exited with ${rc}\n${out}\n${err}")
endif()
file(READ ${OUT} dump)
string(FIND "${dump}" "\"${WANT}\"" want)
string(FIND "${dump}" "\"${NOT}\"" not)
if(want EQUAL -1 OR NOT not EQUAL -1)
  message(FATAL_ERROR "${OUT}: expected the variant's ${WANT} on the map and not the lesson's ${NOT}")
endif()
