# mailsim_library(NAME DEPS...): a static library from every .cpp in the calling folder.
function(mailsim_library name)
  file(GLOB sources CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/*.cpp)
  if(sources)
    add_library(${name} STATIC ${sources})
    target_include_directories(${name} PUBLIC ${PROJECT_SOURCE_DIR})
    target_link_libraries(${name} PUBLIC ${ARGN})
  else()  # headers only (so far)
    add_library(${name} INTERFACE)
    target_include_directories(${name} INTERFACE ${PROJECT_SOURCE_DIR})
    target_link_libraries(${name} INTERFACE ${ARGN})
  endif()
endfunction()

# mailsim_test(NAME DIR DEPS...): one doctest executable from every .cpp in tests/DIR,
# registered with CTest as one test per test case.
function(mailsim_test name dir)
  file(GLOB sources CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/tests/${dir}/*.cpp)
  if(NOT sources)
    return()
  endif()
  # CTest's discovery splits a test name at ';' and then runs nothing for either half: refuse them.
  foreach(source ${sources})
    file(STRINGS ${source} bad_names REGEX "TEST_CASE\\(\"[^\"]*;")
    if(bad_names)
      message(FATAL_ERROR "${source}: a test name holds ';', which CTest cannot run: ${bad_names}")
    endif()
  endforeach()
  add_executable(${name} ${PROJECT_SOURCE_DIR}/tests/doctest_main.cpp ${sources})
  target_link_libraries(${name} PRIVATE ${ARGN} doctest::doctest)
  target_include_directories(${name} PRIVATE ${PROJECT_SOURCE_DIR}/tests)
  target_compile_definitions(${name} PRIVATE MAILSIM_SOURCE_DIR="${PROJECT_SOURCE_DIR}")
  mailsim_test_build(${name})
  doctest_discover_tests(${name} TEST_PREFIX "${dir}: ")
endfunction()

# Test code is built for compile time: gcc spends most of a test file's time optimising doctest's
# expansions, and each test runs once per build. The code under test keeps its build type's
# optimisation (it is in the libraries), so what is tested is what ships. -O1 comes after the
# build type's -O2 on the command line, so it wins.
function(mailsim_test_build name)
  target_compile_options(${name} PRIVATE $<$<CONFIG:Release,RelWithDebInfo,MinSizeRel>:-O1>)
endfunction()
