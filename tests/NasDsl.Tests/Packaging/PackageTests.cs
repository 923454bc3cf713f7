using System.IO.Compression;
using System.Text.Json.Nodes;
using System.Xml.Linq;
using NasDsl.Tests.Sample;

namespace NasDsl.Tests.Packaging;

/// <summary>What the packages hold, and that a project with one PackageReference gets the generator, the native-library
/// fix, the host and the default data from them.</summary>
public sealed class PackageTests(PackedFeed feed) : IClassFixture<PackedFeed>
{
    private const string ConsumerSpaces = """
        using NasDsl;
        using NasDsl.Operations;

        namespace Consumer;

        [Cell]
        public partial class Activation
        {
            [Input] public partial Node X { get; }
            [Output, Edge(nameof(X), Ops = typeof(Activations))] public partial Node A { get; }
        }

        [SearchSpace]
        public partial class TinySpace
        {
            [Input] public partial Node Image { get; }
            [Edge(nameof(Image), Op = typeof(LeNetStem))] public partial Node Features { get; }
            [Edge(nameof(Features))] public partial Activation Act { get; }
            [Output, Edge(nameof(Act), Op = typeof(Classifier))] public partial Node Logits { get; }
        }
        """;

    private const string HostProgram = "return NasDsl.Cli.SearchHost.Run(args);\n";

    [Fact]
    public void TheRuntimePackageCarriesTheGeneratorAndTheNativeFixButNoData()
    {
        using var package = ZipFile.OpenRead(Path.Combine(feed.Folder, $"NasDsl.{PackedFeed.Version}.nupkg"));
        var entries = package.Entries.Select(e => e.FullName).ToList();
        foreach (var expected in new[] { "lib/net10.0/NasDsl.dll", "lib/net10.0/NasDsl.xml", "analyzers/dotnet/cs/NasDsl.Generators.dll",
                     "buildTransitive/NasDsl.targets", "buildTransitive/LibTorchSharpPatch.targets", "buildTransitive/WeakenGlibcxxRequirement.cs", "README.md" })
            Assert.Contains(expected, entries);
        Assert.DoesNotContain(entries, e => e.EndsWith(".gz", StringComparison.Ordinal));

        var nuspec = Nuspec(package);
        Assert.Equal("MIT", nuspec.Descendants().Single(e => e.Name.LocalName == "license").Value);
        Assert.Equal("README.md", nuspec.Descendants().Single(e => e.Name.LocalName == "readme").Value);
        Assert.False(string.IsNullOrWhiteSpace(nuspec.Descendants().Single(e => e.Name.LocalName == "description").Value));
        var dependencies = nuspec.Descendants().Where(e => e.Name.LocalName == "dependency").Select(e => e.Attribute("id")!.Value).ToList();
        Assert.Contains("TorchSharp", dependencies);
        Assert.Contains("libtorch-cpu-linux-x64", dependencies);
        Assert.DoesNotContain("NasDsl.Generators", dependencies);
        Assert.True(File.Exists(Path.Combine(feed.Folder, $"NasDsl.{PackedFeed.Version}.snupkg")), "no symbol package");
    }

    [Fact]
    public void TheHostPackageCarriesTheDefaultDataAndPassesTheGeneratorOn()
    {
        using var package = ZipFile.OpenRead(Path.Combine(feed.Folder, $"NasDsl.Cli.{PackedFeed.Version}.nupkg"));
        var entries = package.Entries.Select(e => e.FullName).ToList();
        foreach (var name in new[] { "train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz", "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz" })
            Assert.Contains($"contentFiles/any/any/data/fashion-mnist-subset/{name}", entries);
        // The runtime and operations are dependencies with nothing excluded, so their analyzer and build logic flow on.
        var dependencies = Nuspec(package).Descendants().Where(e => e.Name.LocalName == "dependency").ToList();
        foreach (var id in new[] { "NasDsl", "NasDsl.Operations" })
        {
            var dependency = dependencies.Single(d => d.Attribute("id")!.Value == id);
            Assert.Null(dependency.Attribute("exclude"));
        }
    }

    [Fact]
    public void AProjectWithOnePackageReferenceListsAndSearchesItsOwnSpace()
    {
        var folder = feed.WriteConsumer("SearchConsumer", new Dictionary<string, string> { ["Spaces.cs"] = ConsumerSpaces, ["Program.cs"] = HostProgram });
        BuildListAndSearch(folder, "SearchConsumer", "tiny (default): Consumer.TinySpace\n  4 architectures; 1 scope, 4 alphas; 1 mixed edge\n"
            + "  baselines: the host's LeNet with relu, swish, hardswish, leakyrelu, gelu, tanh, sigmoid, identity\n", "TinySpace");
    }

    [Fact]
    public void TheTemplateCreatesAProjectThatBuildsAndSearches()
    {
        // A hive of its own: the machine's installed templates are neither read nor changed.
        var hive = feed.NewFolder("template-hive");
        var template = Path.Combine(feed.Folder, $"NasDsl.Templates.{PackedFeed.Version}.nupkg");
        var (code, output, error) = SampleProcess.Dotnet(feed.Folder, PackedFeed.BuildTimeout, "new", "install", template, "--debug:custom-hive", hive);
        Assert.True(code == 0, $"dotnet new install exited {code}\n{output}\n{error}");

        var parent = feed.NewFolder("created");
        (code, output, error) = SampleProcess.Dotnet(parent, PackedFeed.BuildTimeout, "new", "nasdsl", "-n", "MySearch", "--no-update-check", "--debug:custom-hive", hive);
        Assert.True(code == 0, $"dotnet new nasdsl exited {code}\n{output}\n{error}");
        var folder = Path.Combine(parent, "MySearch");
        Assert.Equal(["MySearch.csproj", "Program.cs", "Spaces.cs"], Directory.GetFiles(folder).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.Contains("namespace MySearch;", File.ReadAllText(Path.Combine(folder, "Spaces.cs")));

        feed.WriteNuGetConfig(folder);
        BuildListAndSearch(folder, "MySearch", "activation (default): MySearch.ActivationSpace\n  4 architectures; 1 scope, 4 alphas; 1 mixed edge\n"
            + "  baselines: the host's LeNet with relu, swish, hardswish, leakyrelu, gelu, tanh, sigmoid, identity\n", "ActivationSpace");

        // The created application JITs optimised from the first call, so its search runs at full speed from step 2.
        var runtimeConfig = JsonNode.Parse(File.ReadAllText(Path.Combine(folder, "bin", "Release", "net10.0", "MySearch.runtimeconfig.json")))!;
        Assert.Equal("false", runtimeConfig["runtimeOptions"]?["configProperties"]?["System.Runtime.TieredCompilation"]?.ToJsonString());
    }

    /// <summary>Builds the consumer in <paramref name="folder"/>, checks its <c>spaces</c> listing, and runs a two-epoch
    /// search of a few steps whose run folder must finish.</summary>
    private static void BuildListAndSearch(string folder, string assembly, string listing, string space)
    {
        var (code, output, error) = SampleProcess.Dotnet(folder, PackedFeed.BuildTimeout, "build", "-c", "Release", "-nodeReuse:false");
        Assert.True(code == 0, $"dotnet build exited {code}\n{output}\n{error}");
        var bin = Path.Combine(folder, "bin", "Release", "net10.0");
        Assert.True(File.Exists(Path.Combine(bin, "data", "fashion-mnist-subset", "train-images-idx3-ubyte.gz")), "the default data was not copied next to the application");
        var application = Path.Combine(bin, assembly + ".dll");

        (code, output, error) = SampleProcess.Dotnet(folder, PackedFeed.BuildTimeout, application, "spaces");
        Assert.True(code == 0, $"spaces exited {code}\n{output}\n{error}");
        Assert.Equal(listing, output);

        var run = Path.Combine(folder, "run");
        (code, output, error) = SampleProcess.Dotnet(folder, PackedFeed.BuildTimeout, application,
            "--epochs", "2", "--limit-steps", "2", "--train-epochs", "0", "--train-samples", "200", "--threads", "1", "--out", run);
        Assert.True(code == 0, $"the search exited {code}\n{output}\n{error}");
        Assert.Contains($"{space}: 4 architectures; 1 scope, 4 alphas; 1 mixed edge; run folder", output);
        Assert.Equal("finished", JsonNode.Parse(File.ReadAllText(Path.Combine(run, "run.json")))!["status"]!.GetValue<string>());
        Assert.True(File.Exists(Path.Combine(run, "genotype.json")));
        Assert.True(File.Exists(Path.Combine(run, "summary.md")));
    }

    [Fact]
    public void AWiringMistakeFailsTheBuildWithThePackagedAnalyzersDiagnostic()
    {
        var broken = ConsumerSpaces.Replace("[Edge(nameof(Features))] public partial Activation Act", "[Edge(\"Feature\")] public partial Activation Act", StringComparison.Ordinal);
        var folder = feed.WriteConsumer("BrokenConsumer", new Dictionary<string, string> { ["Spaces.cs"] = broken }, executable: false);
        var (code, output, error) = SampleProcess.Dotnet(folder, PackedFeed.BuildTimeout, "build", "-c", "Release", "-nodeReuse:false");
        Assert.NotEqual(0, code);
        Assert.Contains("error NAS002", output + error);
        Assert.Contains("'Feature'", output + error);
    }

    private static XDocument Nuspec(ZipArchive package)
    {
        using var stream = package.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal)).Open();
        return XDocument.Load(stream);
    }
}
