cmake_minimum_required(VERSION 3.25)
# The Mermaid diagrams in docs/state-diagrams.md must be exactly what `mailsim diagram` prints, and
# the dot form must render (when Graphviz is installed).
file(READ ${DOC} doc)
foreach(machine smtp-server smtp-client pop3-server pop3-client imap-server imap-client auth-server auth-client)
  execute_process(COMMAND ${MAILSIM} diagram ${machine} --format mermaid RESULT_VARIABLE status OUTPUT_VARIABLE mermaid)
  if(NOT status EQUAL 0)
    message(FATAL_ERROR "mailsim diagram ${machine} exited ${status}")
  endif()
  string(FIND "${doc}" "```mermaid\n${mermaid}```" at)
  if(at EQUAL -1)
    message(FATAL_ERROR "${DOC} does not hold today's ${machine} diagram; regenerate it with\n"
                        "  tests/cli/make_state_diagrams.py build/sim/cli/mailsim docs/state-diagrams.md\nor see what"
                        " mailsim diagram ${machine} --format mermaid prints:\n${mermaid}")
  endif()
  if(DOT)
    execute_process(COMMAND ${MAILSIM} diagram ${machine} COMMAND ${DOT} -Tsvg RESULT_VARIABLE status
                    OUTPUT_VARIABLE svg ERROR_VARIABLE err)
    if(NOT status EQUAL 0 OR NOT svg MATCHES "<svg")
      message(FATAL_ERROR "dot cannot render the ${machine} diagram: ${err}")
    endif()
  endif()
endforeach()
