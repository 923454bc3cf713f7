// Compiled by MSBuild's RoslynCodeTaskFactory (see LibTorchSharpPatch.targets); keep it to plain BCL APIs.
using System;
using System.IO;
using System.Text;

public class NasDslWeakenGlibcxxRequirement : Microsoft.Build.Utilities.Task
{
    private const uint ShtGnuVerneed = 0x6ffffffe;
    private const ushort VerFlgWeak = 0x2;

    private static readonly string[] LibStdCxxCandidates =
    {
        "/usr/lib/x86_64-linux-gnu/libstdc++.so.6", "/lib/x86_64-linux-gnu/libstdc++.so.6",
        "/usr/lib/aarch64-linux-gnu/libstdc++.so.6", "/usr/lib64/libstdc++.so.6", "/usr/lib/libstdc++.so.6",
    };

    [Microsoft.Build.Framework.Required] public Microsoft.Build.Framework.ITaskItem[] Files { get; set; }
    [Microsoft.Build.Framework.Required] public string Version { get; set; }

    public override bool Execute()
    {
        string system = null;
        foreach (var candidate in LibStdCxxCandidates)
            if (File.Exists(candidate)) { system = candidate; break; }
        if (system == null)
        {
            Log.LogMessage(Microsoft.Build.Framework.MessageImportance.Low, "NasDsl: no system libstdc++ found; libLibTorchSharp.so left as shipped.");
            return true;
        }
        if (Contains(File.ReadAllBytes(system), Encoding.ASCII.GetBytes(Version + "\0")))
        {
            Log.LogMessage(Microsoft.Build.Framework.MessageImportance.Low, "NasDsl: " + system + " provides " + Version + "; nothing to patch.");
            return true;
        }
        foreach (var item in Files)
        {
            var path = item.ItemSpec;
            try
            {
                var bytes = File.ReadAllBytes(path);
                var result = Weaken(bytes, Version);
                if (result == null) { Log.LogMessage(Microsoft.Build.Framework.MessageImportance.Low, "NasDsl: " + path + " does not require " + Version + "."); continue; }
                if (result == false) { Log.LogMessage(Microsoft.Build.Framework.MessageImportance.Low, "NasDsl: " + path + " already patched."); continue; }
                // Write beside, then rename: the output copy may be a hard link into the NuGet cache.
                var temporary = path + ".nasdsl-tmp";
                File.WriteAllBytes(temporary, bytes);
                File.Copy(temporary, path, true);
                File.Delete(temporary);
                Log.LogMessage(Microsoft.Build.Framework.MessageImportance.Normal, "NasDsl: marked " + Version + " weak in " + path + " (system libstdc++ lacks it).");
            }
            catch (Exception e)
            {
                Log.LogWarning("NasDsl: could not patch " + path + ": " + e.Message);
            }
        }
        return !Log.HasLoggedErrors;
    }

    /// <summary>Sets VER_FLG_WEAK on the Vernaux entry named <paramref name="version"/>. Returns true when it
    /// changed the bytes, false when the flag was already set, null when no such entry exists.</summary>
    private static bool? Weaken(byte[] elf, string version)
    {
        if (elf.Length < 64 || elf[0] != 0x7f || elf[1] != (byte)'E' || elf[2] != (byte)'L' || elf[3] != (byte)'F' || elf[4] != 2 || elf[5] != 1)
            throw new InvalidDataException("not a little-endian 64-bit ELF file");
        var sectionHeaders = (long)BitConverter.ToUInt64(elf, 0x28);
        int headerSize = BitConverter.ToUInt16(elf, 0x3A), headerCount = BitConverter.ToUInt16(elf, 0x3C);
        for (var i = 0; i < headerCount; i++)
        {
            var header = sectionHeaders + (long)i * headerSize;
            if (BitConverter.ToUInt32(elf, (int)header + 4) != ShtGnuVerneed) continue;
            var offset = (long)BitConverter.ToUInt64(elf, (int)header + 24);
            var linked = BitConverter.ToUInt32(elf, (int)header + 40);
            var needCount = BitConverter.ToUInt32(elf, (int)header + 44);
            var strings = (long)BitConverter.ToUInt64(elf, (int)(sectionHeaders + linked * headerSize) + 24);
            var need = offset;
            for (var n = 0; n < needCount; n++)
            {
                int auxCount = BitConverter.ToUInt16(elf, (int)need + 2);
                var aux = need + BitConverter.ToUInt32(elf, (int)need + 8);
                for (var a = 0; a < auxCount; a++)
                {
                    var name = ReadString(elf, strings + BitConverter.ToUInt32(elf, (int)aux + 8));
                    if (name == version)
                    {
                        var flags = BitConverter.ToUInt16(elf, (int)aux + 4);
                        if ((flags & VerFlgWeak) != 0) return false;
                        flags |= VerFlgWeak;
                        elf[aux + 4] = (byte)(flags & 0xff);
                        elf[aux + 5] = (byte)(flags >> 8);
                        return true;
                    }
                    aux += BitConverter.ToUInt32(elf, (int)aux + 12);
                }
                need += BitConverter.ToUInt32(elf, (int)need + 12);
            }
        }
        return null;
    }

    private static string ReadString(byte[] bytes, long offset)
    {
        var end = offset;
        while (bytes[end] != 0) end++;
        return Encoding.ASCII.GetString(bytes, (int)offset, (int)(end - offset));
    }

    private static bool Contains(byte[] haystack, byte[] needle)
    {
        for (var i = 0; i <= haystack.Length - needle.Length; i++)
        {
            var j = 0;
            while (j < needle.Length && haystack[i + j] == needle[j]) j++;
            if (j == needle.Length) return true;
        }
        return false;
    }
}
