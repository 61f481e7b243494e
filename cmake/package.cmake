# CPack: a Debian package of what cmake/install.cmake installs.
#   cmake --build build && (cd build && cpack -G DEB)   ->  build/mailsim_0.1.0_amd64.deb
# Depends: the shared libraries the binaries link, found by dpkg-shlibdeps (libglfw3, libssl3,
# libc6, libstdc++6, ...), and what the app opens by name at run time, which dpkg-shlibdeps cannot
# see: OpenGL (GLFW loads libGL.so.1 itself) and the fonts (DejaVu for Latin, IPAex Gothic for
# Japanese; without them the app falls back to ImGui's small bitmap font and boxes).
set(CPACK_PACKAGE_NAME mailsim)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_VENDOR "mailsim maintainers")
set(CPACK_PACKAGE_CONTACT "mailsim maintainers <maintainers@users.noreply.h-seed-9b94f0c8.example>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "e-mail simulator for teaching SMTP, DNS, POP3 and IMAP")
set(CPACK_PACKAGE_DESCRIPTION
    "mailsim brings a small network to life for a class: mail clients, a submission server, relays,
a DNS server and destination servers. Students watch every message go hop by hop, with the exact
SMTP dialog each server speaks, the DNS MX lookups, the queues, the retries and the bounces. The
protocol code follows RFC 5321, POP3 and IMAP byte for byte. The classroom app (mailsim-gui) is in
English and Japanese; the command line (mailsim) runs lessons and writes transcripts and pcaps.")
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)  # RelWithDebInfo's debug info would make the package ten times bigger
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)  # mailsim_VERSION_ARCH.deb
set(CPACK_DEBIAN_PACKAGE_SECTION education)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
if(TARGET mailsim-gui)
  set(CPACK_DEBIAN_PACKAGE_DEPENDS "libgl1, fonts-dejavu-core, fonts-ipaexfont-gothic")
  set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "libgl1-mesa-dri")
endif()
include(CPack)
