using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using NasDsl.Cli;
using NasDsl.Tests.Sample;
using TorchSharp;
using static TorchSharp.torch;

namespace NasDsl.Tests.Export;

/// <summary>Run folders to export from, and the exported code compiled (C#) or run (Python).</summary>
internal static class ExportedCode
{
    /// <summary>Writes <paramref name="operations"/> as the genotype.json of a run of <paramref name="space"/>.</summary>
    public static TGenotype WriteGenotype<TGenotype>(SearchSpaceDefinition<TGenotype> space, string folder, params (string Scope, string Operation)[] operations) where TGenotype : class
    {
        var genotype = space.GenotypeFromNames(operations.ToDictionary(o => o.Scope, o => o.Operation));
        GenotypeFile.Save(space, genotype, Path.Combine(folder, "genotype.json"));
        return genotype;
    }

    /// <summary>Runs the host's export command in this process; returns (exit code, stdout, stderr).</summary>
    public static (int ExitCode, string Output, string Error) Export(params string[] args)
    {
        NotebookHost.Use();
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exitCode = ExportCommand.Run(args, output, error);
        return (exitCode, output.ToString(), error.ToString());
    }

    /// <summary>Exports <paramref name="folder"/> to <paramref name="format"/>, failing the test on a non-zero exit.</summary>
    public static string ExportOrFail(string folder, string format)
    {
        var (exitCode, output, error) = Export("--run", folder, "--to", format);
        Assert.True(exitCode == 0, $"export --to {format} exited {exitCode}: {error}");
        return output;
    }

    /// <summary>Compiles exported C# against TorchSharp alone and creates the module named <paramref name="className"/>.</summary>
    public static nn.Module<Tensor, Tensor> CompileModule(string source, string className)
    {
        var references = AppDomain.CurrentDomain.GetAssemblies()
            .Where(a => !a.IsDynamic && a.Location.Length > 0)
            // TorchSharp and the framework only: the exported file must not need NasDsl.
            .Where(a => a.GetName().Name is { } name && (name == "TorchSharp" || name.StartsWith("System", StringComparison.Ordinal) || name is "netstandard" or "mscorlib"))
            .Select(a => MetadataReference.CreateFromFile(a.Location));
        var compilation = CSharpCompilation.Create("Exported" + Guid.NewGuid().ToString("N"),
            [CSharpSyntaxTree.ParseText(source, new CSharpParseOptions(LanguageVersion.Latest))],
            references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable)
                // As the SDK does: TorchSharp is built against an older framework than the one it runs on here.
                .WithSpecificDiagnosticOptions([new("CS1701", ReportDiagnostic.Suppress), new("CS1702", ReportDiagnostic.Suppress)]));
        using var image = new MemoryStream();
        var emitted = compilation.Emit(image);
        var problems = emitted.Diagnostics.Where(d => d.Severity >= DiagnosticSeverity.Warning).Select(d => d.ToString()).ToList();
        Assert.True(emitted.Success && problems.Count == 0, string.Join("\n", problems) + "\n" + source);
        var type = Assembly.Load(image.ToArray()).GetTypes().Single(t => t.Name == className);
        return (nn.Module<Tensor, Tensor>)Activator.CreateInstance(type)!;
    }

    /// <summary>The module named <paramref name="cell"/> of a discrete network: what the exported class must compute.</summary>
    public static nn.Module<Tensor, Tensor> Cell(nn.Module network, string cell) =>
        (nn.Module<Tensor, Tensor>)network.named_children().Single(c => c.name == cell).module;

    /// <summary>Sample inputs from -20 to 20, beyond every guard bound, on a grid that also hits 0 and the bounds' neighbourhoods.</summary>
    public static Tensor SampleInputs(long features) => linspace(-20, 20, 8 * features).reshape(8, features);

    /// <summary>Asserts equal values within float32 rounding (a few ulp: torch's asinh against the network's own).</summary>
    public static void AssertClose(Tensor expected, Tensor actual, string context)
    {
        Assert.Equal(expected.shape, actual.shape);
        var e = expected.detach().to_type(ScalarType.Float64).data<double>().ToArray();
        var a = actual.detach().to_type(ScalarType.Float64).data<double>().ToArray();
        for (var i = 0; i < e.Length; i++)
        {
            var tolerance = 1e-6 + 1e-5 * Math.Abs(e[i]);
            Assert.True(Math.Abs(e[i] - a[i]) <= tolerance || (double.IsNaN(e[i]) && double.IsNaN(a[i])),
                $"{context}: element {i}: expected {e[i].ToString("R", CultureInfo.InvariantCulture)}, got {a[i].ToString("R", CultureInfo.InvariantCulture)}");
        }
    }

    /// <summary>Debian's Python with torch (the pyenv python3 on PATH has none).</summary>
    public const string Python = "/usr/bin/python3";

    private static readonly Lazy<string?> s_pythonTorchMissing = new(FindPythonTorchMissing);

    /// <summary>What is missing to run exported PyTorch code here, or null when nothing is (checked once).</summary>
    public static string? PythonTorchMissing() => s_pythonTorchMissing.Value;

    private static string? FindPythonTorchMissing()
    {
        if (!File.Exists(Python)) return $"{Python} not found";
        var (exitCode, _, error) = RunPython("-c", "import torch");
        return exitCode == 0 ? null : $"{Python} cannot import torch ({error.Trim().Split('\n')[^1]})";
    }

    public static (int ExitCode, string Output, string Error) RunPython(params string[] arguments)
    {
        var start = new ProcessStartInfo(Python) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        return (process.ExitCode, output.Result, error.Result);
    }

    /// <summary>Runs class <paramref name="className"/> of an exported PyTorch file on <paramref name="input"/> with /usr/bin/python3.</summary>
    public static Tensor RunPyTorchModule(string folder, string source, string className, Tensor input)
    {
        var module = Path.Combine(folder, "exported.py");
        File.WriteAllText(module, source);
        var inputs = Path.Combine(folder, "inputs.txt");
        File.WriteAllLines(inputs, input.to_type(ScalarType.Float64).data<double>().ToArray().Select(v => v.ToString("R", CultureInfo.InvariantCulture)));
        // Values travel as decimal doubles: float32 values written as doubles read back bit for bit.
        var driver = $"""
            import importlib.util, torch
            spec = importlib.util.spec_from_file_location("exported", {PythonString(module)})
            exported = importlib.util.module_from_spec(spec)
            spec.loader.exec_module(exported)
            values = [float(v) for v in open({PythonString(inputs)}).read().split()]
            x = torch.tensor(values, dtype=torch.float32).reshape({string.Join(", ", input.shape)})
            with torch.no_grad():
                y = exported.{className}()(x)
            print("\n".join(repr(v) for v in y.flatten().tolist()))
            """;
        var (exitCode, output, error) = RunPython("-c", driver);
        Assert.True(exitCode == 0, $"python exited {exitCode}:\n{error}\n{source}");
        var values = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray();
        return tensor(values).to_type(ScalarType.Float32).reshape(input.shape);
    }

    private static string PythonString(string text) => "'" + text.Replace("\\", "\\\\").Replace("'", "\\'") + "'";
}

/// <summary>A fact that runs exported PyTorch code with Debian's python3-torch. Where it is missing the fact is skipped
/// with the reason, except in CI (CI=true), where it runs and fails saying what is missing: CI installs python3-torch,
/// so a CI machine without it would otherwise pass without having tested anything.</summary>
public sealed class PyTorchFactAttribute : FactAttribute
{
    public PyTorchFactAttribute()
    {
        if (ExportedCode.PythonTorchMissing() is { } missing && !SlurmCluster.InCi)
            Skip = $"needs torch for {ExportedCode.Python}: {missing} (apt-get install -y python3-torch, as root); CI=true makes this a failure";
    }
}
