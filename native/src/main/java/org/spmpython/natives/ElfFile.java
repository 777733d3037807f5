package org.spmpython.natives;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the libraries an ELF program or shared library needs (its {@code DT_NEEDED} entries),
 * as the dynamic loader finds them: through the program headers ({@code PT_DYNAMIC}, and the
 * {@code PT_LOAD} segments that map the string table's address to a file offset), so that a
 * stripped file reads like any other. 32- and 64-bit files of either byte order. Reads only the
 * bytes it needs, at their offsets (programs can be large).
 */
public final class ElfFile {
    private static final int EI_CLASS = 4;
    private static final int EI_DATA = 5;
    private static final int ELFCLASS32 = 1;
    private static final int ELFCLASS64 = 2;
    private static final int ELFDATA2LSB = 1;
    private static final int ELFDATA2MSB = 2;
    private static final int PT_LOAD = 1;
    private static final int PT_DYNAMIC = 2;
    /** e_phnum's escape: the real count is in section header 0's sh_info. */
    private static final int PN_XNUM = 0xffff;
    private static final long DT_NULL = 0;
    private static final long DT_NEEDED = 1;
    private static final long DT_STRTAB = 5;
    private static final long DT_STRSZ = 10;
    /** Longest library name read (a sanity bound on a damaged string table). */
    private static final int MAX_NAME = 4096;

    private final FileChannel file;
    private final Path path;
    private final long size;
    private final boolean wide;
    private final ByteOrder order;

    private ElfFile(FileChannel file, Path path) throws IOException {
        this.file = file;
        this.path = path;
        this.size = file.size();
        byte[] ident = bytes(0, 16, "the ELF identification");
        if (ident[0] != 0x7f || ident[1] != 'E' || ident[2] != 'L' || ident[3] != 'F') {
            throw new ElfFormatException("not an ELF file: " + path);
        }
        wide = switch (ident[EI_CLASS]) {
            case ELFCLASS32 -> false;
            case ELFCLASS64 -> true;
            default -> throw new ElfFormatException("damaged ELF file " + path + ": unknown class " + ident[EI_CLASS]);
        };
        order = switch (ident[EI_DATA]) {
            case ELFDATA2LSB -> ByteOrder.LITTLE_ENDIAN;
            case ELFDATA2MSB -> ByteOrder.BIG_ENDIAN;
            default -> throw new ElfFormatException("damaged ELF file " + path + ": unknown byte order " + ident[EI_DATA]);
        };
    }

    /**
     * The {@code DT_NEEDED} names of the ELF file at {@code path}, in the file's order; empty for
     * a file without dynamic section (a static program, an object file).
     *
     * @throws ElfFormatException when the file is not ELF or is damaged
     * @throws IOException when it cannot be read
     */
    public static List<String> neededLibraries(Path path) throws IOException {
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
            return new ElfFile(channel, path).needed();
        }
    }

    private List<String> needed() throws IOException {
        List<Segment> segments = programHeaders();
        Segment dynamic = segments.stream().filter(s -> s.type == PT_DYNAMIC).findFirst().orElse(null);
        if (dynamic == null) {
            return List.of();
        }
        List<Long> neededOffsets = new ArrayList<>();
        long strtab = -1;
        long strsz = -1;
        int entrySize = wide ? 16 : 8;
        for (long at = dynamic.offset; at + entrySize <= dynamic.offset + dynamic.fileSize; at += entrySize) {
            long tag = word(at, "a dynamic entry");
            long value = word(at + entrySize / 2, "a dynamic entry");
            if (tag == DT_NULL) {
                break;
            } else if (tag == DT_NEEDED) {
                neededOffsets.add(value);
            } else if (tag == DT_STRTAB) {
                strtab = value;
            } else if (tag == DT_STRSZ) {
                strsz = value;
            }
        }
        if (neededOffsets.isEmpty()) {
            return List.of();
        }
        if (strtab < 0) {
            throw damaged("DT_NEEDED entries without DT_STRTAB");
        }
        long tableOffset = fileOffset(segments, strtab);
        long tableEnd = strsz >= 0 ? tableOffset + strsz : size;
        List<String> names = new ArrayList<>(neededOffsets.size());
        for (long offset : neededOffsets) {
            names.add(string(tableOffset, tableEnd, offset));
        }
        return names;
    }

    /** A program header: its type, where its bytes are in the file, and where they are mapped. */
    private record Segment(long type, long offset, long fileSize, long address) {
    }

    private List<Segment> programHeaders() throws IOException {
        long phoff = offset(wide ? u64(0x20, "e_phoff") : u32(0x1c, "e_phoff"), "e_phoff");
        int phentsize = u16(wide ? 0x36 : 0x2a, "e_phentsize");
        int phnum = u16(wide ? 0x38 : 0x2c, "e_phnum");
        if (phnum == PN_XNUM) {
            long shoff = offset(wide ? u64(0x28, "e_shoff") : u32(0x20, "e_shoff"), "e_shoff");
            phnum = (int) u32(shoff + (wide ? 44 : 28), "section 0's sh_info");
        }
        if (phnum == 0) {
            return List.of();
        }
        if (phentsize < (wide ? 56 : 32)) {
            throw damaged("program header entries of " + phentsize + " bytes");
        }
        List<Segment> segments = new ArrayList<>(phnum);
        for (int i = 0; i < phnum; i++) {
            long at = phoff + (long) i * phentsize;
            long type = u32(at, "a program header");
            if (wide) {
                segments.add(new Segment(type, offset(u64(at + 8, "p_offset"), "p_offset"),
                        offset(u64(at + 32, "p_filesz"), "p_filesz"), u64(at + 16, "p_vaddr")));
            } else {
                segments.add(new Segment(type, u32(at + 4, "p_offset"), u32(at + 16, "p_filesz"), u32(at + 8, "p_vaddr")));
            }
        }
        return segments;
    }

    /** The file offset of virtual address {@code address}, through the loadable segments. */
    private long fileOffset(List<Segment> segments, long address) throws ElfFormatException {
        for (Segment s : segments) {
            if (s.type == PT_LOAD && Long.compareUnsigned(address, s.address) >= 0
                    && Long.compareUnsigned(address - s.address, s.fileSize) < 0) {
                return s.offset + (address - s.address);
            }
        }
        throw damaged("the string table's address 0x" + Long.toHexString(address) + " is in no loadable segment");
    }

    private String string(long tableOffset, long tableEnd, long offset) throws IOException {
        long start = tableOffset + offset;
        long end = Math.min(Math.min(tableEnd, size), start + MAX_NAME);
        if (offset < 0 || start >= end) {
            throw damaged("a DT_NEEDED name lies outside the string table");
        }
        byte[] chunk = bytes(start, (int) (end - start), "a DT_NEEDED name");
        for (int i = 0; i < chunk.length; i++) {
            if (chunk[i] == 0) {
                return new String(chunk, 0, i, StandardCharsets.UTF_8);
            }
        }
        throw damaged("a DT_NEEDED name has no end");
    }

    private long word(long at, String what) throws IOException {
        return wide ? u64(at, what) : u32(at, what);
    }

    private int u16(long at, String what) throws IOException {
        return Short.toUnsignedInt(buffer(at, 2, what).getShort());
    }

    private long u32(long at, String what) throws IOException {
        return Integer.toUnsignedLong(buffer(at, 4, what).getInt());
    }

    private long u64(long at, String what) throws IOException {
        return buffer(at, 8, what).getLong();
    }

    /** An offset or size read from the file: beyond 2^63 it can only be damage. */
    private long offset(long value, String what) throws ElfFormatException {
        if (value < 0) {
            throw damaged(what + " is out of range");
        }
        return value;
    }

    private ByteBuffer buffer(long at, int length, String what) throws IOException {
        return ByteBuffer.wrap(bytes(at, length, what)).order(order);
    }

    private byte[] bytes(long at, int length, String what) throws IOException {
        if (at < 0 || at + length > size) {
            if (at == 0) {
                throw new ElfFormatException("not an ELF file: " + path + " (" + size + " bytes)");
            }
            throw damaged("the file ends before " + what);
        }
        ByteBuffer buffer = ByteBuffer.allocate(length);
        while (buffer.hasRemaining()) {
            if (file.read(buffer, at + buffer.position()) < 0) {
                throw damaged("the file ends before " + what);
            }
        }
        return buffer.array();
    }

    private ElfFormatException damaged(String what) {
        return new ElfFormatException("damaged ELF file " + path + ": " + what);
    }
}
