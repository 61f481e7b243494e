# mailsim-gui given a broken scenario prints the loader's error (file:line:column: path: message) and
# exits 2 before opening any window (so this runs without a display).
execute_process(COMMAND ${GUI} ${BAD} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err TIMEOUT 20)
if(NOT rc EQUAL 2)
  message(FATAL_ERROR "expected exit status 2, got ${rc}\n${out}\n${err}")
endif()
if(NOT err MATCHES "bad-scenario.json:[0-9]+:[0-9]+: /hosts/0/address")
  message(FATAL_ERROR "expected the loader's error naming /hosts/0/address, got:\n${err}")
endif()
