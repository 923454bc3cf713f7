using static TorchSharp.torch;

namespace NasDsl.Tests.Native;

/// <summary>TorchSharp's native library must load on the machine that runs the tests (Debian 12 needs the build's patch).</summary>
public sealed class NativeLibraryTests
{
    [Fact]
    public void TorchInitializesAndComputesForwardAndBackward()
    {
        using var x = tensor(new[] { 1f, 2f, 3f }, requires_grad: true);
        using var y = (x * x).sum();
        y.backward();
        Assert.Equal(14f, y.item<float>());
        Assert.Equal(new[] { 2f, 4f, 6f }, x.grad!.data<float>().ToArray());
    }

    [Fact]
    public void OutputCopyIsPatchedOnlyWhereTheSystemLacksTheSymbolVersion()
    {
        var library = Path.Combine(AppContext.BaseDirectory, "runtimes", "linux-x64", "native", "libLibTorchSharp.so");
        if (!OperatingSystem.IsLinux() || !File.Exists(library)) return;
        var systemHasVersion = new[] { "/usr/lib/x86_64-linux-gnu/libstdc++.so.6", "/lib/x86_64-linux-gnu/libstdc++.so.6" }
            .Where(File.Exists).Any(path => IndexOf(File.ReadAllBytes(path), "GLIBCXX_3.4.32\0"u8.ToArray()) >= 0);
        var flags = VersionFlags(File.ReadAllBytes(library), "GLIBCXX_3.4.32");
        Assert.NotNull(flags);
        Assert.Equal(!systemHasVersion, (flags!.Value & 0x2) != 0);
    }

    /// <summary>vna_flags of the Vernaux entry named <paramref name="version"/> in a 64-bit ELF file.</summary>
    private static ushort? VersionFlags(byte[] elf, string version)
    {
        var sections = (int)BitConverter.ToUInt64(elf, 0x28);
        int size = BitConverter.ToUInt16(elf, 0x3A), count = BitConverter.ToUInt16(elf, 0x3C);
        for (var i = 0; i < count; i++)
        {
            var header = sections + i * size;
            if (BitConverter.ToUInt32(elf, header + 4) != 0x6ffffffe) continue;
            var offset = (int)BitConverter.ToUInt64(elf, header + 24);
            var strings = (int)BitConverter.ToUInt64(elf, sections + (int)BitConverter.ToUInt32(elf, header + 40) * size + 24);
            var need = offset;
            for (var n = 0; n < BitConverter.ToUInt32(elf, header + 44); n++)
            {
                var aux = need + (int)BitConverter.ToUInt32(elf, need + 8);
                for (var a = 0; a < BitConverter.ToUInt16(elf, need + 2); a++)
                {
                    var nameStart = strings + (int)BitConverter.ToUInt32(elf, aux + 8);
                    var nameEnd = Array.IndexOf(elf, (byte)0, nameStart);
                    if (System.Text.Encoding.ASCII.GetString(elf, nameStart, nameEnd - nameStart) == version)
                        return BitConverter.ToUInt16(elf, aux + 4);
                    aux += (int)BitConverter.ToUInt32(elf, aux + 12);
                }
                need += (int)BitConverter.ToUInt32(elf, need + 12);
            }
        }
        return null;
    }

    private static int IndexOf(byte[] haystack, byte[] needle) =>
        haystack.AsSpan().IndexOf(needle);
}
