using System.Runtime.CompilerServices;
using Xunit.Sdk;

namespace NasDsl.Generators.Tests.Infrastructure;

/// <summary>
/// Approved-file checks in Verify's layout (Verify itself cannot be restored here): each generated source is compared
/// with <c>_snapshots/{Class}.{Test}#{HintName}.verified.cs</c> next to the test project. On a mismatch the actual text is
/// written to <c>….received.cs</c> beside it and the test fails; with <c>NASDSL_UPDATE_SNAPSHOTS=1</c> the actual text is
/// accepted instead. Line endings are normalised to <c>\n</c>, so a checkout with CRLF compares equal.
/// </summary>
public static class Snapshot
{
    public const string UpdateVariable = "NASDSL_UPDATE_SNAPSHOTS";

    private static bool UpdateRequested => Environment.GetEnvironmentVariable(UpdateVariable) == "1";

    /// <summary>Checks every source of <paramref name="run"/>, and that no approved file of this test is left without a
    /// generated source. <paramref name="sourceFile"/> names the class (file name) and locates the project.</summary>
    public static void Verify(GeneratorRun run, [CallerFilePath] string sourceFile = "", [CallerMemberName] string test = "") =>
        Verify(run.GeneratedSources.Select(s => (s.HintName, s.SourceText.ToString())), FolderFor(sourceFile),
            $"{Path.GetFileNameWithoutExtension(sourceFile)}.{test}", UpdateRequested);

    /// <summary>The comparison itself, on any folder; <paramref name="prefix"/> is <c>{Class}.{Test}</c>.</summary>
    public static void Verify(IEnumerable<(string HintName, string Text)> sources, string folder, string prefix, bool update)
    {
        Directory.CreateDirectory(folder);
        var problems = new List<string>();
        var expectedFiles = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (hintName, text) in sources)
        {
            var stem = Path.Combine(folder, $"{prefix}#{Path.GetFileNameWithoutExtension(hintName)}");
            var verified = stem + ".verified.cs";
            var received = stem + ".received.cs";
            expectedFiles.Add(Path.GetFileName(verified));
            var actual = Normalize(text);
            var approved = File.Exists(verified) ? Normalize(File.ReadAllText(verified)) : null;
            if (approved == actual)
            {
                File.Delete(received);
                continue;
            }
            if (update)
            {
                File.WriteAllText(verified, actual);
                File.Delete(received);
                continue;
            }
            File.WriteAllText(received, actual);
            problems.Add(approved is null
                ? $"{Path.GetFileName(verified)} does not exist; review {Path.GetFileName(received)}"
                : $"{Path.GetFileName(verified)} differs from {Path.GetFileName(received)}: {FirstDifference(approved, actual)}");
        }
        foreach (var stale in Directory.EnumerateFiles(folder, $"{prefix}#*.verified.cs").Select(Path.GetFileName))
        {
            if (expectedFiles.Contains(stale!)) continue;
            if (update) File.Delete(Path.Combine(folder, stale!));
            else problems.Add($"{stale} has no generated source any more");
        }
        if (problems.Count > 0)
            throw new XunitException($"Snapshot mismatch in {folder} (set {UpdateVariable}=1 to accept):{Environment.NewLine}"
                + string.Join(Environment.NewLine, problems));
    }

    public static string Normalize(string text) => text.Replace("\r\n", "\n").Replace('\r', '\n');

    private static string FirstDifference(string expected, string actual)
    {
        var expectedLines = expected.Split('\n');
        var actualLines = actual.Split('\n');
        for (var i = 0; i < Math.Max(expectedLines.Length, actualLines.Length); i++)
        {
            var e = i < expectedLines.Length ? expectedLines[i] : "<end of file>";
            var a = i < actualLines.Length ? actualLines[i] : "<end of file>";
            if (e != a) return $"line {i + 1}: expected `{e.Trim()}`, got `{a.Trim()}`";
        }
        return "same lines, different text";
    }

    /// <summary><c>_snapshots</c> in the project folder: the nearest folder above the test's source file that holds a
    /// project file.</summary>
    private static string FolderFor(string sourceFile)
    {
        for (var dir = Path.GetDirectoryName(sourceFile); dir is not null; dir = Path.GetDirectoryName(dir))
            if (Directory.EnumerateFiles(dir, "*.csproj").Any()) return Path.Combine(dir, "_snapshots");
        throw new InvalidOperationException($"no project folder above {sourceFile}");
    }
}
