using System.Diagnostics;
using System.Globalization;
using NasDsl.Search;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace NasDsl.Cli.Reporting;

/// <summary>Shows a run: a live display on a terminal, plain log lines when output is redirected (CI, pipes).</summary>
internal abstract class Reporter : ISearchObserver
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

    /// <summary>The operations still in play, by index.</summary>
    protected static IEnumerable<int> InPlay(ScopeRecord scope) =>
        Enumerable.Range(0, scope.Operations.Count).Where(i => scope.Active is null || scope.Active[i]);

    /// <summary>"decided: top 0.412 (+0.180), entropy 0.61, stable since epoch 3, 4 in play".</summary>
    protected static string DecisivenessText(ScopeRecord scope) => scope.Decisiveness is not { } d ? "" :
        string.Create(CultureInfo.InvariantCulture,
            $"{(d.Decided ? "decided" : "undecided")}: top {d.TopWeight:0.000} ({d.Margin:+0.000;-0.000}), entropy {d.RelativeEntropy:0.00}, stable since epoch {d.StableSinceEpoch + 1}, {d.InPlay} in play");

    protected static string EpochLine(EpochRecord r) =>
        $"epoch {r.Epoch + 1}: train loss {Number(r.TrainLoss)} acc {Percent(r.TrainAccuracy)} | val loss {Number(r.ValidationLoss)} acc {Percent(r.ValidationAccuracy)} | lr {r.LearningRate:0.00000} | {r.Seconds:0.0}s | skipped {r.SkippedSteps}" +
        (r.ArchitectureUpdated ? "" : " | warm start (alphas frozen)") +
        (r.Temperature is double t ? $" | τ {t:0.00}" : "") +
        (r.Dropped is { Count: > 0 } dropped ? $" | dropped {dropped.Count}" : "") +
        $" | decided {r.Scopes.Count(s => s.Decisiveness?.Decided ?? false)}/{r.Scopes.Count}";
}

/// <summary>Log lines: an epoch header, a line every tenth of an epoch, the epoch summary and its weights.</summary>
internal sealed class PlainReporter : Reporter
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
            var weights = string.Join(", ", InPlay(scope).Select(i => i == scope.Argmax ? $"[{scope.Operations[i]} {scope.Weights[i]:0.0000}]" : $"{scope.Operations[i]} {scope.Weights[i]:0.0000}"));
            Console.WriteLine($"  {scope.Path,-14} -> {scope.Chosen,-10} {DecisivenessText(scope)}");
            Console.WriteLine($"  {"",-14}    {weights}");
        }
        Console.WriteLine($"  genotype: {record.GenotypeText}");
    }

    public override void Results(IReadOnlyList<(string Name, string Value)> rows)
    {
        var width = rows.Max(r => r.Name.Length);
        foreach (var (name, value) in rows) Console.WriteLine($"{name.PadRight(width)}  {value}");
    }
}

/// <summary>
/// A Spectre.Console live display: epoch and step bars with ETA and the current losses, the epoch summaries so far, and
/// the latest architecture weights per scope with the argmax highlighted. Everything is one renderable, redrawn in
/// place, so tables never tear the bars.
/// </summary>
internal sealed class LiveReporter : Reporter
{
    private readonly Stopwatch _epochClock = new();
    private readonly Stopwatch _redraw = Stopwatch.StartNew();
    private readonly List<string> _epochLines = [];
    private LiveDisplayContext? _live;
    private string _title = "";
    private int _epoch, _epochs, _firstStep, _step, _steps;
    private string _losses = "";
    private Table? _weights;

    public override T Run<T>(string title, Func<T> work)
    {
        _title = title;
        var result = default(T)!;
        AnsiConsole.Live(Render()).AutoClear(false).Start(context =>
        {
            _live = context;
            result = work();
            Redraw(force: true);
        });
        _live = null;
        return result;
    }

    public override void Info(string text) => AnsiConsole.MarkupLine(Markup.Escape(text));

    public override void Warning(string text) => AnsiConsole.MarkupLine($"[yellow]warning:[/] {Markup.Escape(text)}");

    public override void OnEpochStarted(int epoch, int epochs, int firstStep, int stepsPerEpoch, double learningRate)
    {
        (_epoch, _epochs, _firstStep, _step, _steps) = (epoch, epochs, firstStep, firstStep, stepsPerEpoch);
        _epochClock.Restart();
        Redraw(force: true);
    }

    public override void OnStep(StepRecord step)
    {
        _step = step.Step + 1;
        _losses = $"train loss {Number(step.TrainLoss)}  val loss {Number(step.ValidationLoss)}  skipped {step.SkippedSteps}";
        Redraw(force: false);
    }

    public override void OnEpochCompleted(EpochRecord record)
    {
        _epochLines.Add(EpochLine(record));
        _weights = WeightsTable(record);
        _epoch = record.Epoch + 1;
        Redraw(force: true);
    }

    public override void Weights(EpochRecord record) => AnsiConsole.Write(WeightsTable(record));

    public override void Results(IReadOnlyList<(string Name, string Value)> rows)
    {
        var table = new Table().Border(TableBorder.Rounded).AddColumn("result").AddColumn("value");
        foreach (var (name, value) in rows) table.AddRow(Markup.Escape(name), Markup.Escape(value));
        AnsiConsole.Write(table);
    }

    private static Table WeightsTable(EpochRecord record)
    {
        var table = new Table().Border(TableBorder.Rounded).Expand().AddColumn("scope").AddColumn("argmax").AddColumn("decisiveness").AddColumn("mixing weights in play");
        foreach (var scope in record.Scopes)
        {
            var weights = string.Join("  ", InPlay(scope).Select(i => i == scope.Argmax
                ? $"[bold green]{Markup.Escape(scope.Operations[i])} {scope.Weights[i]:0.000}[/]"
                : $"{Markup.Escape(scope.Operations[i])} {scope.Weights[i]:0.000}"));
            var decided = scope.Decisiveness?.Decided ?? false;
            table.AddRow(new Markup(Markup.Escape(scope.Path)), new Markup($"[bold green]{Markup.Escape(scope.Chosen)}[/]"),
                new Markup($"[{(decided ? "green" : "yellow")}]{Markup.Escape(DecisivenessText(scope))}[/]"), new Markup(weights));
        }
        table.Caption($"after epoch {record.Epoch + 1}: {Markup.Escape(record.GenotypeText)}");
        return table;
    }

    private void Redraw(bool force)
    {
        if (_live is null || (!force && _redraw.ElapsedMilliseconds < 100)) return;
        _redraw.Restart();
        _live.UpdateTarget(Render());
    }

    private IRenderable Render()
    {
        var done = _step - _firstStep;
        var eta = done > 0 ? TimeSpan.FromSeconds(_epochClock.Elapsed.TotalSeconds / done * (_steps - _step)) : (TimeSpan?)null;
        var parts = new List<IRenderable>
        {
            new Markup($"[bold]{Markup.Escape(_title)}[/]  epochs {Bar(_epoch, _epochs)} {Math.Min(_epoch + 1, Math.Max(_epochs, 1))}/{_epochs}"),
            new Markup($"steps   {Bar(_step, _steps)} {_step}/{_steps}  eta {(eta is { } t ? t.ToString(@"mm\:ss", CultureInfo.InvariantCulture) : "--:--")}  {Markup.Escape(_losses)}"),
        };
        parts.AddRange(_epochLines.TakeLast(8).Select(line => new Markup(Markup.Escape(line))));
        if (_weights is not null) parts.Add(_weights);
        return new Rows(parts);
    }

    private static string Bar(int value, int total, int width = 30)
    {
        var filled = total <= 0 ? 0 : Math.Clamp((int)Math.Round(width * (double)value / total), 0, width);
        return $"[green]{new string('━', filled)}[/][grey]{new string('━', width - filled)}[/]";
    }
}
