package org.spmpython.natives;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ElfFile on hand-built minimal ELF files: both classes, both byte orders (gcc -m32 and
 * big-endian compilers are not on every build machine), a string table found through its
 * segment's address (not its file offset), and damaged or foreign files.
 */
class ElfFileTest {
    private static final List<String> NEEDED = List.of("libfoo.so.1", "libbar.so");
    /** Where the one loadable segment is mapped: file offset 0 at this address. */
    private static final long BASE = 0x8000;

    @TempDir
    Path dir;

    @Test
    void sixtyFourBitLittleEndian() throws IOException {
        assertEquals(NEEDED, ElfFile.neededLibraries(write(elf(true, ByteOrder.LITTLE_ENDIAN, true))));
    }

    @Test
    void thirtyTwoBitBigEndian() throws IOException {
        assertEquals(NEEDED, ElfFile.neededLibraries(write(elf(false, ByteOrder.BIG_ENDIAN, true))));
    }

    @Test
    void thirtyTwoBitLittleEndianAndSixtyFourBitBigEndian() throws IOException {
        assertEquals(NEEDED, ElfFile.neededLibraries(write(elf(false, ByteOrder.LITTLE_ENDIAN, true))));
        assertEquals(NEEDED, ElfFile.neededLibraries(write(elf(true, ByteOrder.BIG_ENDIAN, true))));
    }

    @Test
    void noDynamicSegmentNeedsNothing() throws IOException {
        assertEquals(List.of(), ElfFile.neededLibraries(write(elf(true, ByteOrder.LITTLE_ENDIAN, false))));
    }

    @Test
    void aFileThatIsNotElfIsNamed() throws IOException {
        Path script = write("#!/bin/sh\necho this is not ELF\n".getBytes(StandardCharsets.US_ASCII));
        var e = assertThrows(ElfFormatException.class, () -> ElfFile.neededLibraries(script));
        assertEquals("not an ELF file: " + script, e.getMessage());
        Path tiny = write(new byte[] {0x7f, 'E'});
        e = assertThrows(ElfFormatException.class, () -> ElfFile.neededLibraries(tiny));
        assertEquals("not an ELF file: " + tiny + " (2 bytes)", e.getMessage());
    }

    @Test
    void aTruncatedFileIsDamaged() throws IOException {
        byte[] whole = elf(true, ByteOrder.LITTLE_ENDIAN, true);
        Path cut = write(Arrays.copyOf(whole, 64 + 2 * 56 + 20)); // ends inside the dynamic entries
        var e = assertThrows(ElfFormatException.class, () -> ElfFile.neededLibraries(cut));
        assertTrue(e.getMessage().startsWith("damaged ELF file " + cut + ": "), e.getMessage());
    }

    @Test
    void anUnknownClassIsDamaged() throws IOException {
        byte[] bytes = elf(true, ByteOrder.LITTLE_ENDIAN, true);
        bytes[4] = 9;
        Path odd = write(bytes);
        var e = assertThrows(ElfFormatException.class, () -> ElfFile.neededLibraries(odd));
        assertEquals("damaged ELF file " + odd + ": unknown class 9", e.getMessage());
    }

    private Path write(byte[] bytes) throws IOException {
        return Files.write(Files.createTempFile(dir, "elf", ""), bytes);
    }

    /**
     * A minimal ELF file: header, two program headers (PT_LOAD mapping the whole file at BASE,
     * PT_DYNAMIC), dynamic entries (two DT_NEEDED, DT_STRTAB as an address, DT_STRSZ, DT_NULL),
     * and the string table.
     */
    private static byte[] elf(boolean wide, ByteOrder order, boolean dynamic) {
        int headerSize = wide ? 64 : 52;
        int phentsize = wide ? 56 : 32;
        int phnum = dynamic ? 2 : 1;
        int dynOffset = headerSize + 2 * phentsize;
        int entry = wide ? 16 : 8;
        int dynSize = 5 * entry;
        byte[] strings = "\0libfoo.so.1\0libbar.so\0".getBytes(StandardCharsets.US_ASCII);
        int strOffset = dynOffset + dynSize;
        int total = strOffset + strings.length;
        ByteBuffer b = ByteBuffer.allocate(total).order(order);
        b.put(new byte[] {0x7f, 'E', 'L', 'F', (byte) (wide ? 2 : 1), (byte) (order == ByteOrder.LITTLE_ENDIAN ? 1 : 2), 1});
        b.position(16);
        b.putShort((short) 3); // e_type ET_DYN
        b.putShort((short) 62); // e_machine
        b.putInt(1); // e_version
        word(b, wide, 0); // e_entry
        word(b, wide, headerSize); // e_phoff
        word(b, wide, 0); // e_shoff
        b.putInt(0); // e_flags
        b.putShort((short) headerSize);
        b.putShort((short) phentsize);
        b.putShort((short) phnum);
        b.putShort((short) 0); // e_shentsize
        b.putShort((short) 0); // e_shnum
        b.putShort((short) 0); // e_shstrndx
        programHeader(b, wide, 1, 0, BASE, total);
        if (dynamic) {
            programHeader(b, wide, 2, dynOffset, BASE + dynOffset, dynSize);
        }
        b.position(dynOffset);
        dynamicEntry(b, wide, 1, 1); // DT_NEEDED libfoo.so.1
        dynamicEntry(b, wide, 1, 13); // DT_NEEDED libbar.so
        dynamicEntry(b, wide, 5, BASE + strOffset); // DT_STRTAB: an address
        dynamicEntry(b, wide, 10, strings.length); // DT_STRSZ
        dynamicEntry(b, wide, 0, 0); // DT_NULL
        b.put(strings);
        return b.array();
    }

    private static void programHeader(ByteBuffer b, boolean wide, int type, long offset, long address, long size) {
        if (wide) {
            b.putInt(type).putInt(4).putLong(offset).putLong(address).putLong(address)
                    .putLong(size).putLong(size).putLong(8);
        } else {
            b.putInt(type).putInt((int) offset).putInt((int) address).putInt((int) address)
                    .putInt((int) size).putInt((int) size).putInt(4).putInt(4);
        }
    }

    private static void dynamicEntry(ByteBuffer b, boolean wide, long tag, long value) {
        word(b, wide, tag);
        word(b, wide, value);
    }

    private static void word(ByteBuffer b, boolean wide, long value) {
        if (wide) {
            b.putLong(value);
        } else {
            b.putInt((int) value);
        }
    }
}
