using System.Reflection;
using NasDsl.Tests.Sample;

namespace NasDsl.Tests.Packaging;

/// <summary>
/// The packages, packed once per test run from this build into a temporary folder, and consumer projects restored from
/// it. A consumer's nuget.config adds the folder by path and keeps the machine's own sources for everything else; its
/// packages folder is a temporary one over the machine's as a fallback, so TorchSharp is not copied again and a
/// package packed by an earlier run can never be picked from a cache.
/// </summary>
public sealed class PackedFeed : IDisposable
{
    // A safety net, not a measure: restores and builds on a loaded 2-core machine took minutes.
    public static readonly TimeSpan BuildTimeout = TimeSpan.FromMinutes(20);
    public static readonly string[] Projects = ["src/NasDsl/NasDsl.csproj", "src/NasDsl.Operations/NasDsl.Operations.csproj", "src/NasDsl.Cli/NasDsl.Cli.csproj", "templates/NasDsl.Templates/NasDsl.Templates.csproj"];

    private readonly TemporaryFolder _root = new();

    public PackedFeed()
    {
        Directory.CreateDirectory(Folder);
        foreach (var project in Projects)
        {
            // --no-build: pack exactly what this test run built and tested. The template has nothing to compile, and a
            // test run of this project alone does not restore it, so it is packed with its (empty) build.
            string[] build = project.StartsWith("templates/", StringComparison.Ordinal) ? [] : ["--no-build"];
            var (code, output, error) = SampleProcess.Dotnet(RepositoryRoot, BuildTimeout,
                ["pack", Path.Combine(RepositoryRoot, project), "-c", Configuration, .. build, "-o", Folder]);
            if (code != 0) throw new InvalidOperationException($"dotnet pack {project} exited {code}\n{output}\n{error}");
        }
    }

    /// <summary>The folder the packages were packed into.</summary>
    public string Folder => Path.Combine(_root.Path, "feed");

    public static string Version => "0.1.0";

    /// <summary>The configuration this test assembly was built in; the packed projects were built in it too.</summary>
    public static string Configuration => typeof(PackedFeed).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Release";

    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    /// <summary>A new empty folder under this feed's.</summary>
    public string NewFolder(string name) => Directory.CreateDirectory(Path.Combine(_root.Path, name)).FullName;

    /// <summary>Writes a consumer project into a new folder under this feed's: its nuget.config, csproj and sources.</summary>
    public string WriteConsumer(string name, IReadOnlyDictionary<string, string> sources, bool executable = true)
    {
        var folder = NewFolder(name);
        WriteNuGetConfig(folder);
        File.WriteAllText(Path.Combine(folder, name + ".csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>{(executable ? "Exe" : "Library")}</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <ImplicitUsings>enable</ImplicitUsings>
                <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="NasDsl.Cli" Version="{Version}" />
              </ItemGroup>
            </Project>
            """);
        foreach (var (file, text) in sources) File.WriteAllText(Path.Combine(folder, file), text);
        return folder;
    }

    /// <summary>A nuget.config in <paramref name="folder"/> that adds this feed by path and keeps the machine's sources.</summary>
    public void WriteNuGetConfig(string folder)
    {
        var machinePackages = Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } configured
            ? configured
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        File.WriteAllText(Path.Combine(folder, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <config>
                <add key="globalPackagesFolder" value="{Path.Combine(_root.Path, "packages")}" />
              </config>
              <packageSources>
                <add key="nasdsl-packed" value="{Folder}" />
              </packageSources>
              <fallbackPackageFolders>
                <add key="machine" value="{machinePackages}" />
              </fallbackPackageFolders>
            </configuration>
            """);
    }

    public void Dispose() => _root.Dispose();

    private static string FindRepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
            if (File.Exists(Path.Combine(folder.FullName, "NasDsl.sln"))) return folder.FullName;
        throw new DirectoryNotFoundException($"NasDsl.sln not found above {AppContext.BaseDirectory}");
    }
}
