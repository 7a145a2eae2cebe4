// GCC 13's <iostream> makes every translation unit reference std::ios_base_library_init()
// (GLIBCXX_3.4.32) so that the standard streams are initialized before use. libstdc++ from
// GCC 12 (Debian 12) lacks that one function; this library provides it, doing what GCC 13's does.
#include <ios>

namespace std
{
__attribute__((visibility("default"))) void ios_base_library_init()
{
    static ios_base::Init init;
}
}

// Initialize the streams when this library loads, before the library that needs it runs its own constructors.
static std::ios_base::Init mmoe_streams_init;
