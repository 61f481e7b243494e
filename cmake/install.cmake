# `cmake --install BUILD [--prefix P]`: mailsim as a desktop program, in the places GNUInstallDirs
# names (PREFIX/bin, PREFIX/share/...). mailsim-gui finds its lessons relative to its own binary
# (bin/../share/mailsim/scenarios), so any prefix works, and a build tree still uses the sources.
include(GNUInstallDirs)

set(MAILSIM_DATA_SUBDIR ${CMAKE_INSTALL_DATADIR}/mailsim)

install(TARGETS mailsim RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
if(TARGET mailsim-gui)
  install(TARGETS mailsim-gui RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
endif()

# The lessons and their schema (mailsim validate and editors read it).
file(GLOB lesson_files CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/scenarios/*.json)
install(FILES ${lesson_files} DESTINATION ${MAILSIM_DATA_SUBDIR}/scenarios)
# Fonts a teacher put into assets/fonts/ (the app prefers the system's; see viz/app/fonts.cpp).
file(GLOB font_files CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/assets/fonts/*.ttf ${PROJECT_SOURCE_DIR}/assets/fonts/*.otf)
if(font_files)
  install(FILES ${font_files} DESTINATION ${MAILSIM_DATA_SUBDIR}/fonts)
endif()

file(GLOB doc_files CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/docs/*.md)
install(FILES ${PROJECT_SOURCE_DIR}/README.md ${doc_files} DESTINATION ${CMAKE_INSTALL_DOCDIR})

# The desktop: menu entry, icon in every size, software-centre metadata. Only with the app.
if(TARGET mailsim-gui)
  set(app_id example.mailsim.Mailsim)
  install(FILES ${PROJECT_SOURCE_DIR}/assets/${app_id}.desktop DESTINATION ${CMAKE_INSTALL_DATADIR}/applications)
  install(FILES ${PROJECT_SOURCE_DIR}/assets/${app_id}.metainfo.xml DESTINATION ${CMAKE_INSTALL_DATADIR}/metainfo)
  foreach(n 16 22 24 32 48 64 128 256 512)
    install(FILES ${PROJECT_SOURCE_DIR}/assets/icons/mailsim-${n}.png
            DESTINATION ${CMAKE_INSTALL_DATADIR}/icons/hicolor/${n}x${n}/apps RENAME mailsim.png)
  endforeach()
  install(FILES ${PROJECT_SOURCE_DIR}/assets/icons/mailsim.svg DESTINATION ${CMAKE_INSTALL_DATADIR}/icons/hicolor/scalable/apps)
endif()
