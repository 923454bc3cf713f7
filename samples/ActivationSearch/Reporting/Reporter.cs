using System.Diagnostics;
using System.Globalization;
using NasDsl.Search;
using Spectre.Console;

namespace ActivationSearch.Reporting;

/// <summary>Shows a run: a live display on a terminal, plain log lines when output is redirected (CI, pipes).</summary>
public abstract class Reporter : ISearchObserver
{
    public static Reporter Create() =>
        !Console.IsOutputRedirected && AnsiConsole.Profile.Capabilities.Interactive ? new LiveReporter() : new PlainReporter();

    /// <summary>Runs <paramref name="work"/> while the display shows progress.</summary>
    public virtual T Run<T>(string title, Func<T> work) => work();

    public abstract void Info(string text);

    public abstract void Warning(string text);

    /// <summary>The architecture weights of every scope, the argmax highlighted.</summary>
    public abstract void Weights(EpochRecord record);

    public abstract void Results(IReadOnlyList<(string Name, string Value)> rows);

    public virtual void OnEpochStarted(int epoch, int epochs, int firstStep, int stepsPerEpoch, double learningRate) { }

    public virtual void OnStep(StepRecord step) { }

    public virtual void OnEpochCompleted(EpochRecord record) => Weights(record);

    public virtual void OnCheckpointSaved(string path) { }

    protected static string Percent(double value) => double.IsFinite(value) ? (value * 100).ToString("0.00", CultureInfo.InvariantCulture) + "%" : "n/a";

    protected static string Number(double value) => double.IsFinite(value) ? value.ToString("0.0000", CultureInfo.InvariantCulture) : "non-finite";

    protected static string EpochLine(EpochRecord r) =>
        $"epoch {r.Epoch + 1}: train loss {Number(r.TrainLoss)} acc {Percent(r.TrainAccuracy)} | val loss {Number(r.ValidationLoss)} acc {Percent(r.ValidationAccuracy)} | lr {r.LearningRate:0.00000} | {r.Seconds:0.0}s | skipped {r.SkippedSteps}";
}

/// <summary>Log lines: an epoch header, a line every tenth of an epoch, the epoch summary and its weights.</summary>
public sealed class PlainReporter : Reporter
{
    private readonly Stopwatch _epochClock = new();
    private int _firstStep;

    public override void Info(string text) => Console.WriteLine(text);

    public override void Warning(string text) => Console.WriteLine("warning: " + text);

    public override void OnEpochStarted(int epoch, int epochs, int firstStep, int stepsPerEpoch, double learningRate)
    {
        _epochClock.Restart();
        _firstStep = firstStep;
        Console.WriteLine($"epoch {epoch + 1}/{epochs}: {stepsPerEpoch} steps{(firstStep > 0 ? $", resuming at step {firstStep + 1}" : "")}, lr {learningRate:0.00000}");
    }

    public override void OnStep(StepRecord step)
    {
        var every = Math.Max(1, step.StepsPerEpoch / 10);
        if ((step.Step + 1) % every != 0 && step.Step + 1 != step.StepsPerEpoch) return;
        var done = step.Step + 1 - _firstStep;
        var eta = done > 0 ? TimeSpan.FromSeconds(_epochClock.Elapsed.TotalSeconds / done * (step.StepsPerEpoch - step.Step - 1)) : TimeSpan.Zero;
        Console.WriteLine($"  step {step.Step + 1}/{step.StepsPerEpoch}  train loss {Number(step.TrainLoss)}  val loss {Number(step.ValidationLoss)}  skipped {step.SkippedSteps}  eta {eta:mm\\:ss}");
    }

    public override void OnEpochCompleted(EpochRecord record)
    {
        Console.WriteLine(EpochLine(record));
        Weights(record);
    }

    public override void Weights(EpochRecord record)
    {
        foreach (var scope in record.Scopes)
        {
            var weights = string.Join(", ", scope.Operations.Select((op, i) => i == scope.Argmax ? $"[{op} {scope.Weights[i]:0.0000}]" : $"{op} {scope.Weights[i]:0.0000}"));
            Console.WriteLine($"  {scope.Path,-14} -> {scope.Chosen,-10} {weights}");
        }
        Console.WriteLine($"  genotype: {record.GenotypeText}");
    }

    public override void Results(IReadOnlyList<(string Name, string Value)> rows)
    {
        var width = rows.Max(r => r.Name.Length);
        foreach (var (name, value) in rows) Console.WriteLine($"{name.PadRight(width)}  {value}");
    }
}

/// <summary>Spectre.Console progress bars (epoch and step, with ETA and current losses) and weight tables.</summary>
public sealed class LiveReporter : Reporter
{
    private ProgressTask? _epochs;
    private ProgressTask? _steps;

    public override T Run<T>(string title, Func<T> work)
    {
        var result = default(T)!;
        AnsiConsole.Progress()
            .AutoClear(false)
            .HideCompleted(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn(), new SpinnerColumn())
            .Start(context =>
            {
                _epochs = context.AddTask(title);
                _steps = context.AddTask("steps");
                result = work();
            });
        _epochs = _steps = null;
        return result;
    }

    public override void Info(string text) => AnsiConsole.MarkupLine(Markup.Escape(text));

    public override void Warning(string text) => AnsiConsole.MarkupLine($"[yellow]warning:[/] {Markup.Escape(text)}");

    public override void OnEpochStarted(int epoch, int epochs, int firstStep, int stepsPerEpoch, double learningRate)
    {
        if (_epochs is null || _steps is null) return;
        _epochs.MaxValue = epochs;
        _epochs.Value = epoch;
        _epochs.Description = $"epoch {epoch + 1}/{epochs}";
        _steps.MaxValue = stepsPerEpoch;
        _steps.Value = firstStep;
    }

    public override void OnStep(StepRecord step)
    {
        if (_steps is null) return;
        _steps.Value = step.Step + 1;
        _steps.Description = Markup.Escape($"train {Number(step.TrainLoss)} val {Number(step.ValidationLoss)} skipped {step.SkippedSteps}");
    }

    public override void OnEpochCompleted(EpochRecord record)
    {
        if (_epochs is not null) _epochs.Value = record.Epoch + 1;
        AnsiConsole.MarkupLine(Markup.Escape(EpochLine(record)));
        Weights(record);
    }

    public override void Weights(EpochRecord record)
    {
        var table = new Table().Border(TableBorder.Rounded).AddColumn("scope").AddColumn("argmax").AddColumn("softmax(α)");
        foreach (var scope in record.Scopes)
        {
            var weights = string.Join("  ", scope.Operations.Select((op, i) => i == scope.Argmax
                ? $"[bold green]{Markup.Escape(op)} {scope.Weights[i]:0.000}[/]"
                : $"{Markup.Escape(op)} {scope.Weights[i]:0.000}"));
            table.AddRow(new Markup(Markup.Escape(scope.Path)), new Markup($"[bold green]{Markup.Escape(scope.Chosen)}[/]"), new Markup(weights));
        }
        table.Caption(Markup.Escape(record.GenotypeText));
        AnsiConsole.Write(table);
    }

    public override void Results(IReadOnlyList<(string Name, string Value)> rows)
    {
        var table = new Table().Border(TableBorder.Rounded).AddColumn("result").AddColumn("value");
        foreach (var (name, value) in rows) table.AddRow(Markup.Escape(name), Markup.Escape(value));
        AnsiConsole.Write(table);
    }
}
