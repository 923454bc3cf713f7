using NasDsl.Generators.Tests.Infrastructure;
using Xunit;
using Xunit.Sdk;

namespace NasDsl.Generators.Tests.Snapshots;

/// <summary>The snapshot helper itself, on a scratch folder: it must fail, and write what it saw, whenever text differs.</summary>
public sealed class SnapshotHelperTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "nasdsl-snapshots-" + Guid.NewGuid().ToString("N"));

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private void Verify(string text, bool update = false) => Snapshot.Verify([("Space.g.cs", text)], _folder, "Tests.Case", update);

    private string Verified => Path.Combine(_folder, "Tests.Case#Space.g.verified.cs");

    private string Received => Path.Combine(_folder, "Tests.Case#Space.g.received.cs");

    [Fact]
    public void Missing_approved_file_fails_and_writes_received()
    {
        Assert.Throws<XunitException>(() => Verify("class A { }\n"));
        Assert.Equal("class A { }\n", File.ReadAllText(Received));
        Assert.False(File.Exists(Verified));
    }

    [Fact]
    public void Changed_text_fails_and_names_the_first_different_line()
    {
        Verify("line 1\nline 2\n", update: true);

        var error = Assert.Throws<XunitException>(() => Verify("line 1\nline two\n"));

        Assert.Contains("line 2: expected `line 2`, got `line two`", error.Message);
        Assert.Equal("line 1\nline two\n", File.ReadAllText(Received));
    }

    [Fact]
    public void Line_endings_do_not_matter_and_a_match_removes_the_received_file()
    {
        Verify("a\nb\n", update: true);
        File.WriteAllText(Received, "stale");

        Verify("a\r\nb\r\n");

        Assert.False(File.Exists(Received));
    }

    [Fact]
    public void Approved_file_without_a_generated_source_fails()
    {
        Verify("a\n", update: true);
        File.WriteAllText(Path.Combine(_folder, "Tests.Case#Gone.g.verified.cs"), "old\n");

        var error = Assert.Throws<XunitException>(() => Verify("a\n"));

        Assert.Contains("Tests.Case#Gone.g.verified.cs has no generated source any more", error.Message);
    }
}
