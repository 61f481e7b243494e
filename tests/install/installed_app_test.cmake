# mailsim installed somewhere other than its build tree, as a teacher gets it, then started there.
# MODE=install: `cmake --install BUILD --prefix SCRATCH/usr`; MODE=deb: `cpack -G DEB` in BUILD, the
# package's control data and contents checked with dpkg-deb -I/-c, and the package unpacked into
# SCRATCH with dpkg-deb -x (a real `dpkg -i` needs root and a system to change).
# Then, from SCRATCH/usr only: the files are where GNUInstallDirs puts them, the app lists the
# installed lessons, draws its start screen (the picker) and a lesson under Xvfb, and the command
# line runs a lesson. Variables: MODE, BUILD, SCRATCH, XVFB_RUN, CHECK (check_png).
cmake_minimum_required(VERSION 3.25)  # IN_LIST
file(REMOVE_RECURSE ${SCRATCH})
file(MAKE_DIRECTORY ${SCRATCH})
set(usr ${SCRATCH}/usr)

function(run)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err TIMEOUT 120)
  if(NOT rc EQUAL 0)
    string(REPLACE ";" " " cmd "${ARGN}")
    message(FATAL_ERROR "${cmd}: exit ${rc}\n${out}\n${err}")
  endif()
  set(out "${out}" PARENT_SCOPE)
endfunction()

if(MODE STREQUAL "install")
  run(${CMAKE_COMMAND} --install ${BUILD} --prefix ${usr})
else()
  run(${CMAKE_CPACK_COMMAND} -G DEB --config ${BUILD}/CPackConfig.cmake -B ${SCRATCH}/package)
  file(GLOB deb ${SCRATCH}/package/mailsim_*.deb)
  if(NOT deb)
    message(FATAL_ERROR "cpack made no mailsim_*.deb in ${SCRATCH}/package")
  endif()
  run(dpkg-deb --field ${deb} Package Version Depends)
  message(STATUS "${deb}:\n${out}")
  # From dpkg-shlibdeps (linked) and declared by hand (opened at run time).
  string(REGEX MATCH "Depends: [^\n]*" depends "${out}")
  string(REGEX REPLACE " \\([^)]*\\)" "" depends "${depends}")  # the versions
  string(REPLACE "Depends: " "" depends "${depends}")
  string(REPLACE ", " ";" depends "${depends}")
  foreach(dep libc6 libstdc++6 libglfw3 libgl1 fonts-dejavu-core fonts-ipaexfont-gothic)
    if(NOT dep IN_LIST depends)
      message(FATAL_ERROR "the package does not depend on ${dep}: ${depends}")
    endif()
  endforeach()
  run(dpkg-deb --contents ${deb})
  foreach(f ./usr/bin/mailsim-gui ./usr/share/applications/ ./usr/share/metainfo/ ./usr/share/mailsim/scenarios/)
    string(FIND "${out}" " ${f}" at)
    if(at EQUAL -1)
      message(FATAL_ERROR "the package does not hold ${f}")
    endif()
  endforeach()
  run(dpkg-deb --extract ${deb} ${SCRATCH})
endif()

foreach(f bin/mailsim bin/mailsim-gui share/mailsim/scenarios/relay-mx.json share/mailsim/scenarios/scenario.schema.json
          share/doc/mailsim/README.md share/doc/mailsim/teacher-guide.md
          share/applications/example.mailsim.Mailsim.desktop share/metainfo/example.mailsim.Mailsim.metainfo.xml
          share/icons/hicolor/16x16/apps/mailsim.png share/icons/hicolor/512x512/apps/mailsim.png
          share/icons/hicolor/scalable/apps/mailsim.svg)
  if(NOT EXISTS ${usr}/${f})
    message(FATAL_ERROR "not installed: ${usr}/${f}")
  endif()
endforeach()

# The lessons beside the installed binary, not the source tree's.
run(${usr}/bin/mailsim-gui --list-lessons)
if(NOT out MATCHES "Lessons in ${usr}/share/mailsim/scenarios\n" OR NOT out MATCHES "basic-delivery.json +Basic delivery inside one school")
  message(FATAL_ERROR "the installed app does not list its installed lessons:\n${out}")
endif()
run(${usr}/bin/mailsim run ${usr}/share/mailsim/scenarios/basic-delivery.json --quiet)

run(${XVFB_RUN} -a -s "-screen 0 1280x720x24" ${usr}/bin/mailsim-gui --screenshot ${SCRATCH}/start-screen.png)
run(${CHECK} ${SCRATCH}/start-screen.png 1280 720)
message(STATUS "start screen: ${out}")
run(${XVFB_RUN} -a -s "-screen 0 1280x720x24" ${usr}/bin/mailsim-gui ${usr}/share/mailsim/scenarios/relay-mx.json
    --at 12s --lang ja --screenshot ${SCRATCH}/relay-mx-ja.png)
run(${CHECK} ${SCRATCH}/relay-mx-ja.png 1280 720)
message(STATUS "relay-mx in Japanese: ${out}")
