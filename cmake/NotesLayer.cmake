# add_notes_layer(NAME SOURCES... [USES layer...] [PRIVATE_LIBS lib...]): one layer of the library,
# src/NAME/ as a static library notes::NAME. Its own folder is its only include directory, and the
# layers it USES are linked PUBLIC: a header of a layer it does not name is not on the include
# path, so an include in the wrong direction fails to build (docs/ARCHITECTURE.md has the graph).
function(add_notes_layer name)
  cmake_parse_arguments(L "" "" "SOURCES;USES;PUBLIC_LIBS;PRIVATE_LIBS" ${ARGN})
  add_library(notes_${name} STATIC ${L_SOURCES})
  add_library(notes::${name} ALIAS notes_${name})
  target_include_directories(notes_${name} PUBLIC ${CMAKE_CURRENT_SOURCE_DIR})
  set(uses)
  foreach(layer IN LISTS L_USES)
    list(APPEND uses notes::${layer})
  endforeach()
  target_link_libraries(notes_${name} PUBLIC ${uses} ${L_PUBLIC_LIBS} notes_warnings PRIVATE ${L_PRIVATE_LIBS})
endfunction()
