# Lays SCENARIO out at every size, scale, time, arrangement and language of the layout test (one
# app run: mailsim-gui --dump-layout with lists), then checks every layout with check_layout.
# Variables: XVFB_RUN, GUI, CHECK, SCENARIO, OUT (the JSON file).
file(REMOVE ${OUT})
# The times: hop 2 of basic-delivery on the wire, the screenshots' 12 s, a failed attempt's 30 s
# wait in the retry lessons (18-40 s in backup-mx), minutes into a retry (times of 10 minutes and
# more in the dialog), and the end (the scrub bar's two times are the same there). The inspector
# on its Events tab (where the arrangement puts the event list) and on its Queues tab (a deferred
# message's Last error at 1280x720) and its Checks tab (SPF terms, DKIM tags, DMARC alignment in
# the sender authentication lessons), and the dialog on its State machine and Ladder tabs.
execute_process(
  COMMAND ${XVFB_RUN} -a -s "-screen 0 1280x720x24" ${GUI} ${SCENARIO}
          --size 1024x768,1280x720,1366x768,1920x1080 --scale 1,1.5,2 --at 10.054s,12s,20s,5m30s,45m,end
          --layout classroom,projector --lang en,ja --tab events,queues,checks,state,ladder --dump-layout ${OUT}
  RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err TIMEOUT 100)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "mailsim-gui exited with ${rc}\n${out}\n${err}")
endif()
# At scale 1 the event list has room for 6 rows at least, wherever the arrangement puts it.
execute_process(COMMAND ${CHECK} ${OUT} --min-rows-at-scale-1 6 RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "${OUT}:\n${out}${err}")
endif()
message(STATUS "${out}")
