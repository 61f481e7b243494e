# A caption too long for its band in the smallest type is shown in pages of whole sentences:
# op25b's first caption (5 s on screen) at 1024x768 scale 2 takes three, each for a third of its
# time (1 2/3 s), and no "…" cut at any moment.
# Variables: XVFB_RUN, GUI, SCENARIO, OUT (the JSON file).
file(REMOVE ${OUT})
execute_process(
  COMMAND ${XVFB_RUN} -a -s "-screen 0 1280x720x24" ${GUI} ${SCENARIO} --size 1024x768 --scale 2
          --at 0s,1.6s,1.7s,3.3s,3.4s,4.9s --layout classroom --lang en --dump-layout ${OUT}
  RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err TIMEOUT 50)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "mailsim-gui exited with ${rc}\n${out}\n${err}")
endif()
file(READ ${OUT} json)
string(JSON n LENGTH "${json}" layouts)
if(NOT n EQUAL 6)
  message(FATAL_ERROR "${OUT}: ${n} layouts, not 6")
endif()
set(want "1/3 →;1/3 →;2/3 →;2/3 →;3/3;3/3")
math(EXPR last "${n} - 1")
foreach(i RANGE ${last})
  list(GET want ${i} expected)
  string(JSON items GET "${json}" layouts ${i} items)
  string(JSON count LENGTH "${items}")
  math(EXPR top "${count} - 1")
  set(page "")
  foreach(k RANGE ${top})
    string(JSON name GET "${items}" ${k} name)
    if(name STREQUAL "caption page")
      string(JSON page GET "${items}" ${k} text)
    elseif(name STREQUAL "caption cut")
      message(FATAL_ERROR "layout ${i}: the caption is cut")
    endif()
  endforeach()
  if(NOT page STREQUAL expected)
    message(FATAL_ERROR "layout ${i}: the caption's page mark is \"${page}\", not \"${expected}\"")
  endif()
endforeach()
