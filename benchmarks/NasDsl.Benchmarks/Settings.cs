using System.Globalization;

namespace NasDsl.Benchmarks;

/// <summary>How much to measure; <c>--quick</c> trades precision for a run of about two minutes.</summary>
internal sealed record Settings
{
    public bool Quick { get; init; }

    public string? OutPath { get; init; }

    /// <summary>libtorch intra-op threads for the whole run.</summary>
    public int Threads { get; init; } = 1;

    public int BatchSize { get; init; } = 64;

    /// <summary>Untimed steps per variant before the rounds start.</summary>
    public int WarmupSteps { get; init; } = 8;

    /// <summary>Interleaved rounds; each variant runs one block of steps per round.</summary>
    public int Rounds { get; init; } = 12;

    /// <summary>Steps per block (second-order variants run half).</summary>
    public int BlockSteps { get; init; } = 10;

    public int GeneratorRepetitions { get; init; } = 30;

    public int MemoryStepsPerEpoch { get; init; } = 40;

    /// <summary>Spaces to time (Simple, Complex, Rnn; ResNet20 on request).</summary>
    public string[] Spaces { get; init; } = ["Simple", "Complex", "Rnn"];

    /// <summary>Input shapes to time.</summary>
    public long[][] Shapes { get; init; } = [[1, 28, 28], [3, 32, 32]];

    /// <summary>Sections to run: memory, generator, steps, levers, data.</summary>
    public string[] Sections { get; init; } = ["memory", "generator", "steps", "process", "levers", "data"];

    public static Settings Parse(string[] args)
    {
        var settings = new Settings();
        for (var i = 0; i < args.Length; i++)
        {
            string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");
            settings = args[i] switch
            {
                "--quick" => settings with
                {
                    Quick = true, WarmupSteps = 3, Rounds = 5, BlockSteps = 4, GeneratorRepetitions = 8, MemoryStepsPerEpoch = 20,
                },
                "--out" => settings with { OutPath = Value() },
                "--threads" => settings with { Threads = int.Parse(Value(), CultureInfo.InvariantCulture) },
                "--rounds" => settings with { Rounds = int.Parse(Value(), CultureInfo.InvariantCulture) },
                "--block" => settings with { BlockSteps = int.Parse(Value(), CultureInfo.InvariantCulture) },
                "--spaces" => settings with { Spaces = Value().Split(',') },
                "--shapes" => settings with { Shapes = [.. Value().Split(',').Select(s => s.Split('x').Select(long.Parse).ToArray())] },
                "--only" => settings with { Sections = Value().Split(',') },
                "--help" or "-h" => throw new HelpRequested(),
                _ => throw new ArgumentException($"Unknown option '{args[i]}'."),
            };
        }
        return settings;
    }

    public const string Usage = """
        NasDsl benchmarks: DARTS step times (generated, hand-written, naive, fixed floor), memory, data, generator.
        usage: dotnet run --project benchmarks/NasDsl.Benchmarks -c Release -- [options]
          --quick              fewer steps and repetitions (about two minutes)
          --out FILE           write every number as JSON
          --threads N          libtorch intra-op threads for the step table (default 1: fastest on the 2-core machine
                               measured; the levers section times 1 and 2 in the same run)
          --rounds N, --block N  interleaved rounds, steps per block
          --spaces LIST        e.g. Rnn or Simple,Complex,Rnn; ResNet20 (generated step and its fixed-ReLU floor only)
          --shapes LIST        e.g. 3x32x32 or 1x28x28,3x32x32
          --only LIST          sections: memory,generator,steps,process,levers,data
        """;
}

internal sealed class HelpRequested : Exception;
