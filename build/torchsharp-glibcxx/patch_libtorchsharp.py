#!/usr/bin/env python3
"""Makes TorchSharp's libLibTorchSharp.so load on hosts whose libstdc++ predates GCC 13 (e.g. Debian 12).

libLibTorchSharp.so 0.107 requires GLIBCXX_3.4.32 for a single symbol, std::ios_base_library_init().
On a host whose libstdc++ lacks that version, for every libLibTorchSharp.so under the given build
output folder this script:
  1. marks the GLIBCXX_3.4.32 requirement weak (VER_FLG_WEAK on its vernaux entry), so the loader
     accepts the older libstdc++;
  2. adds libMmoeIosInit.so (built here with g++ from mmoe_ios_init.cpp, it defines that symbol) as a
     DT_NEEDED entry, found through the library's existing $ORIGIN run path.
No patchelf is needed: the new DT_NEEDED uses a spare DT_NULL slot of .dynamic, and its name is written
over the tail of the run-path string (whose other entries are paths from TorchSharp's CI machine).
Files are replaced by rename, never written in place, so a hard link into the NuGet cache is never
modified. Running it again changes nothing. On hosts that have GLIBCXX_3.4.32 it does nothing.

Usage: patch_libtorchsharp.py OUTPUT_DIR            patch the build output (when the host needs it)
       patch_libtorchsharp.py --force OUTPUT_DIR    patch even if the host libstdc++ is new enough
       patch_libtorchsharp.py --inspect FILE        print the file's state as JSON
       patch_libtorchsharp.py --host-check          print whether the host libstdc++ has GLIBCXX_3.4.32
"""
import ctypes
import json
import os
import shutil
import struct
import subprocess
import sys
import tempfile

VERSION = b"GLIBCXX_3.4.32"
SHIM = b"libMmoeIosInit.so"
VER_FLG_WEAK = 0x2
DT_NULL, DT_NEEDED, DT_STRTAB, DT_SONAME, DT_RPATH, DT_RUNPATH = 0, 1, 5, 14, 15, 29
HERE = os.path.dirname(os.path.abspath(__file__))


class ElfError(Exception):
    pass


class Elf:
    def __init__(self, data):
        if data[:4] != b"\x7fELF" or data[4] != 2 or data[5] != 1:
            raise ElfError("not a 64-bit little-endian ELF file")
        self.data = bytearray(data)
        shoff, = struct.unpack_from("<Q", data, 0x28)
        shentsize, shnum, shstrndx = struct.unpack_from("<HHH", data, 0x3A)
        headers = []
        for i in range(shnum):
            name, stype, flags, addr, offset, size, link, info, align, entsize = struct.unpack_from(
                "<IIQQQQIIQQ", data, shoff + i * shentsize)
            headers.append(dict(name=name, type=stype, offset=offset, size=size, link=link, info=info))
        names = headers[shstrndx]
        self.sections = {}
        for h in headers:
            start = names["offset"] + h["name"]
            self.sections[bytes(data[start:data.index(b"\0", start)]).decode()] = h

    def section(self, name):
        s = self.sections.get(name)
        if s is None:
            raise ElfError("no %s section" % name)
        return s

    def string(self, table, offset):
        start = table["offset"] + offset
        return bytes(self.data[start:self.data.index(b"\0", start)])

    def dynamic(self):
        d = self.section(".dynamic")
        return [(d["offset"] + i * 16,) + struct.unpack_from("<qQ", self.data, d["offset"] + i * 16)
                for i in range(d["size"] // 16)]

    def verneed(self):
        """(vernaux file offset, library, version name, flags) for every version requirement."""
        vr = self.section(".gnu.version_r")
        strtab = self.sections[".dynstr"]
        result = []
        offset = vr["offset"]
        for _ in range(vr["info"]):
            version, count, vn_file, vn_aux, vn_next = struct.unpack_from("<HHIII", self.data, offset)
            library = self.string(strtab, vn_file)
            aux = offset + vn_aux
            for _ in range(count):
                vna_hash, vna_flags, vna_other, vna_name, vna_next = struct.unpack_from("<IHHII", self.data, aux)
                result.append((aux, library, self.string(strtab, vna_name), vna_flags))
                aux += vna_next
            if vn_next == 0:
                break
            offset += vn_next
        return result

    def verdef_names(self):
        vd = self.sections.get(".gnu.version_d")
        if vd is None:
            return set()
        strtab = self.section(".dynstr")
        names, offset = set(), vd["offset"]
        for _ in range(vd["info"]):
            version, flags, ndx, count, vd_hash, vd_aux, vd_next = struct.unpack_from("<HHHHIII", self.data, offset)
            if count:
                vda_name, = struct.unpack_from("<I", self.data, offset + vd_aux)
                names.add(self.string(strtab, vda_name))
            if vd_next == 0:
                break
            offset += vd_next
        return names

    def needed(self):
        strtab = self.section(".dynstr")
        return [self.string(strtab, val) for _, tag, val in self.dynamic() if tag == DT_NEEDED]

    def string_references(self):
        """Every .dynstr offset something points at, so an overwritten string is known to be unshared."""
        refs = set()
        for _, tag, val in self.dynamic():
            if tag in (DT_NEEDED, DT_SONAME, DT_RPATH, DT_RUNPATH):
                refs.add(val)
        sym = self.section(".dynsym")
        for i in range(sym["size"] // 24):
            refs.add(struct.unpack_from("<I", self.data, sym["offset"] + i * 24)[0])
        vr = self.section(".gnu.version_r")
        offset = vr["offset"]
        for _ in range(vr["info"]):
            version, count, vn_file, vn_aux, vn_next = struct.unpack_from("<HHIII", self.data, offset)
            refs.add(vn_file)
            aux = offset + vn_aux
            for _ in range(count):
                refs.add(struct.unpack_from("<IHHII", self.data, aux)[3])
                aux += struct.unpack_from("<IHHII", self.data, aux)[4]
            if vn_next == 0:
                break
            offset += vn_next
        return refs


def inspect(data):
    elf = Elf(data)
    requirement = [flags for _, lib, name, flags in elf.verneed() if name == VERSION]
    return {
        "requires_glibcxx_3_4_32": bool(requirement),
        "requirement_weak": bool(requirement) and all(f & VER_FLG_WEAK for f in requirement),
        "needs_shim": SHIM in elf.needed(),
    }


def patch(data):
    """Returns the patched bytes (unchanged when nothing needs doing)."""
    elf = Elf(data)
    for aux, library, name, flags in elf.verneed():
        if name == VERSION and not flags & VER_FLG_WEAK:
            struct.pack_into("<H", elf.data, aux + 4, flags | VER_FLG_WEAK)
    if SHIM in elf.needed():
        return bytes(elf.data)

    entries = elf.dynamic()
    nulls = [e for e in entries if e[1] == DT_NULL]
    if len(nulls) < 2:
        raise ElfError(".dynamic has no spare slot for another DT_NEEDED entry")
    runpath = [e for e in entries if e[1] in (DT_RUNPATH, DT_RPATH)]
    if not runpath:
        raise ElfError("no run path to find the shim through")
    strtab = elf.section(".dynstr")
    _, _, runpath_offset = runpath[0]
    old = elf.string(strtab, runpath_offset)
    first = old.split(b":")[0]
    if not first.startswith(b"$ORIGIN"):
        raise ElfError("the run path does not start with $ORIGIN (it is %r)" % old)
    shim_offset = runpath_offset + len(first) + 1
    if len(first) + 1 + len(SHIM) > len(old):
        raise ElfError("the run path string is too short to hold the shim's name")
    shared = [r for r in elf.string_references() if runpath_offset < r <= runpath_offset + len(old)]
    if shared:
        raise ElfError("the run path string shares bytes with other names")
    start = strtab["offset"] + runpath_offset
    replacement = first + b"\0" + SHIM
    elf.data[start:start + len(old)] = replacement + b"\0" * (len(old) - len(replacement))
    slot = nulls[0][0]
    struct.pack_into("<qQ", elf.data, slot, DT_NEEDED, shim_offset)
    return bytes(elf.data)


def host_libstdcxx():
    ctypes.CDLL("libstdc++.so.6")
    with open("/proc/self/maps") as maps:
        for line in maps:
            path = line.split()[-1]
            if os.path.basename(path).startswith("libstdc++.so"):
                return path
    raise ElfError("could not locate the loaded libstdc++.so.6")


def host_has_version():
    with open(host_libstdcxx(), "rb") as f:
        return VERSION in Elf(f.read()).verdef_names()


def build_shim(destination):
    source = os.path.join(HERE, "mmoe_ios_init.cpp")
    compiler = shutil.which("g++") or shutil.which("c++")
    if compiler is None:
        raise ElfError("TorchSharp needs a small shim library on this host (its libstdc++ lacks GLIBCXX_3.4.32), "
                       "and building it needs g++: install it (Debian: apt-get install -y g++)")
    fd, temporary = tempfile.mkstemp(dir=os.path.dirname(destination), suffix=".so.tmp")
    os.close(fd)
    subprocess.run([compiler, "-shared", "-fPIC", "-O2", "-o", temporary, source], check=True)
    os.replace(temporary, destination)


def replace_file(path, data):
    fd, temporary = tempfile.mkstemp(dir=os.path.dirname(path), suffix=".tmp")
    with os.fdopen(fd, "wb") as f:
        f.write(data)
    shutil.copymode(path, temporary)
    os.replace(temporary, path)


def patch_output(directory, force):
    if not force and host_has_version():
        return 0
    patched = 0
    for root, _, files in os.walk(directory):
        if "libLibTorchSharp.so" not in files:
            continue
        path = os.path.join(root, "libLibTorchSharp.so")
        with open(path, "rb") as f:
            data = f.read()
        if not inspect(data)["requires_glibcxx_3_4_32"]:
            continue
        new = patch(data)
        if new != data:
            replace_file(path, new)
            patched += 1
        shim = os.path.join(root, SHIM.decode())
        source = os.path.join(HERE, "mmoe_ios_init.cpp")
        if not os.path.exists(shim) or os.path.getmtime(shim) < os.path.getmtime(source):
            build_shim(shim)
    if patched:
        print("TorchSharp GLIBCXX fix: patched %d libLibTorchSharp.so under %s (host libstdc++ lacks %s)"
              % (patched, directory, VERSION.decode()))
    return 0


def main(argv):
    try:
        if argv[:1] == ["--inspect"] and len(argv) == 2:
            with open(argv[1], "rb") as f:
                print(json.dumps(inspect(f.read())))
            return 0
        if argv == ["--host-check"]:
            print(json.dumps({"libstdcxx": host_libstdcxx(), "has_glibcxx_3_4_32": host_has_version()}))
            return 0
        force = argv[:1] == ["--force"]
        rest = argv[1:] if force else argv
        if len(rest) != 1 or not os.path.isdir(rest[0]):
            print(__doc__, file=sys.stderr)
            return 2
        return patch_output(rest[0], force)
    except (ElfError, OSError, subprocess.CalledProcessError) as error:
        print("error: TorchSharp GLIBCXX fix: %s" % error, file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
