using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using NasDsl.Cli.Records;
using NasDsl.Cli.Sweeps;

namespace NasDsl.Tests.Sample;

/// <summary>
/// A fact that needs a real Slurm (Debian's slurm-wlm and munge) and root. Where they are missing it is skipped with
/// the reason, except in CI (CI=true), where it runs and fails saying what is missing: CI installs them, so a CI
/// machine without them would otherwise pass without having tested anything.
/// </summary>
public sealed class SlurmFactAttribute : FactAttribute
{
    public SlurmFactAttribute()
    {
        if (SlurmCluster.Missing() is { } missing && !SlurmCluster.InCi)
            Skip = $"needs a real Slurm: {missing} (apt-get install -y slurm-wlm munge, as root); CI=true makes this a failure";
    }
}

/// <summary>A single-node Slurm cluster in a temporary folder: munged, slurmctld and slurmd, stopped by their pids.</summary>
internal sealed class SlurmCluster : IDisposable
{
    public static bool InCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    private static readonly string[] Programs = ["munged", "slurmctld", "slurmd", "sbatch", "squeue", "scontrol", "sinfo", "runuser"];

    private readonly TemporaryFolder _folder = new();
    private readonly List<string> _pidFiles = [];

    /// <summary>What is missing for a cluster here, or null when nothing is.</summary>
    public static string? Missing()
    {
        var absent = Programs.Where(p => Find(p) is null).ToArray();
        if (absent.Length > 0) return $"{string.Join(", ", absent)} not found";
        return Environment.UserName == "root" ? null : $"running as {Environment.UserName}, not root";
    }

    public static string? Find(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Concat(["/usr/sbin", "/usr/bin", "/sbin", "/bin"])
            .Where(d => d.Length > 0).Select(d => Path.Combine(d, program)).FirstOrDefault(File.Exists);

    public SlurmCluster()
    {
        var root = _folder.Path;
        Config = Path.Combine(root, "slurm.conf");
        var munge = Path.Combine(root, "munge");
        foreach (var dir in new[] { munge, Path.Combine(root, "state"), Path.Combine(root, "spool"), Path.Combine(root, "log") }) Directory.CreateDirectory(dir);
        try
        {
            // munged as user munge, with a random key only it can read.
            var key = Path.Combine(munge, "munge.key");
            File.WriteAllBytes(key, System.Security.Cryptography.RandomNumberGenerator.GetBytes(1024));
            Run("chown", "-R", "munge", munge);
            Run("chmod", "700", munge);
            Run("chmod", "400", key);
            var socket = Path.Combine(munge, "munge.socket");
            Start(Path.Combine(munge, "munged.pid"), "runuser", "-u", "munge", "--", Find("munged")!, "--force", $"--key-file={key}", $"--socket={socket}",
                $"--pid-file={Path.Combine(munge, "munged.pid")}", $"--log-file={Path.Combine(munge, "munged.log")}", $"--seed-file={Path.Combine(munge, "munged.seed")}");

            var host = Run("hostname", "-s").Trim();
            var (controller, daemon) = (FreePort(), FreePort());
            // cred_expire also bounds how long a requeued job waits before it may start again (120 s by default).
            File.WriteAllText(Config, string.Join("\n",
                "ClusterName=nasdsl-test",
                $"SlurmctldHost={host}",
                "SlurmUser=root",
                "AuthType=auth/munge",
                "CredType=cred/munge",
                $"AuthInfo=socket={socket},cred_expire=5",
                $"SlurmctldPort={controller}",
                $"SlurmdPort={daemon}",
                $"StateSaveLocation={Path.Combine(root, "state")}",
                $"SlurmdSpoolDir={Path.Combine(root, "spool")}",
                $"SlurmctldPidFile={Path.Combine(root, "slurmctld.pid")}",
                $"SlurmdPidFile={Path.Combine(root, "slurmd.pid")}",
                $"SlurmctldLogFile={Path.Combine(root, "log", "slurmctld.log")}",
                $"SlurmdLogFile={Path.Combine(root, "log", "slurmd.log")}",
                "ProctrackType=proctrack/linuxproc",
                "TaskPlugin=task/none",
                "SelectType=select/cons_tres",
                "SelectTypeParameters=CR_Core",
                "JobAcctGatherType=jobacct_gather/none",
                "AccountingStorageType=accounting_storage/none",
                "MpiDefault=none",
                "ReturnToService=2",
                $"NodeName={host} CPUs={Environment.ProcessorCount} RealMemory=1000 State=UNKNOWN",
                $"PartitionName=test Nodes={host} Default=YES MaxTime=INFINITE State=UP") + "\n");
            Start(Path.Combine(root, "slurmctld.pid"), Find("slurmctld")!, "-f", Config);
            Start(Path.Combine(root, "slurmd.pid"), Find("slurmd")!, "-f", Config);
            var clock = Stopwatch.StartNew();
            while (!Run("sinfo", "-h", "-o", "%t").Contains("idle", StringComparison.Ordinal))
            {
                if (clock.Elapsed > TimeSpan.FromSeconds(60)) throw new InvalidOperationException($"the node did not become idle: {Run("sinfo")}\n{Logs()}");
                Thread.Sleep(250);
            }
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    public string Config { get; }

    /// <summary>Runs a client command against this cluster and returns its standard output; throws on a non-zero exit.</summary>
    public string Run(string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(Find(program) ?? program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        if (Config is not null) start.Environment["SLURM_CONF"] = Config;
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEnd();
        if (!process.WaitForExit(TimeSpan.FromSeconds(60))) process.Kill();
        if (process.ExitCode != 0) throw new InvalidOperationException($"{program} {string.Join(" ", arguments)}: exit {process.ExitCode}: {error}");
        return output.Result;
    }

    public string Logs() => string.Join("\n", Directory.GetFiles(Path.Combine(_folder.Path, "log")).Select(f => $"--- {f}\n{Tail(f)}"));

    private static string Tail(string file) => string.Join("\n", File.ReadAllLines(file).TakeLast(20));

    /// <summary>Starts a daemon (it forks into the background) and waits for its pid file.</summary>
    private void Start(string pidFile, string program, params string[] arguments)
    {
        _pidFiles.Insert(0, pidFile);
        Run(program, arguments);
        var clock = Stopwatch.StartNew();
        while (!File.Exists(pidFile) || File.ReadAllText(pidFile).Trim().Length == 0)
        {
            if (clock.Elapsed > TimeSpan.FromSeconds(30)) throw new InvalidOperationException($"{program} wrote no pid file {pidFile}\n{Logs()}");
            Thread.Sleep(100);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Stops the daemons this cluster started, by the pids in their pid files (slurmd first, munged last).</summary>
    public void Dispose()
    {
        foreach (var pidFile in _pidFiles)
        {
            try
            {
                if (!int.TryParse(File.ReadAllText(pidFile).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var pid)) continue;
                using var process = Process.GetProcessById(pid);
                kill(pid, 15);
                if (!process.WaitForExit(TimeSpan.FromSeconds(10))) kill(pid, 9);
            }
            catch (Exception e) when (e is IOException or ArgumentException or InvalidOperationException)
            {
                // Not started, or gone already.
            }
        }
        _folder.Dispose();
    }

    [System.Runtime.InteropServices.DllImport("libc", SetLastError = true)]
    private static extern int kill(int pid, int signal);
}

/// <summary>
/// A sweep on a real single-node Slurm: the emitted array script submitted with sbatch, one task frozen mid-run and
/// requeued (Slurm stops it with SIGTERM; the requeued task resumes it), and a report identical to running the same
/// entries locally.
/// </summary>
public sealed class SlurmSweepTests
{
    private static readonly string[] Run = [.. SweepTests.TinyRun, "--method", "darts"];

    private static readonly Dictionary<string, string?> NoSchedulerIndex = new() { ["SLURM_ARRAY_TASK_ID"] = null, ["JOB_COMPLETION_INDEX"] = null };

    [SlurmFact]
    public void ArrayOnSlurmSurvivesARequeueAndMatchesALocalRun()
    {
        if (SlurmCluster.Missing() is { } missing)
            Assert.Fail($"CI=true but no real Slurm here: {missing}. .ci/run installs slurm-wlm and munge with apt-get as root; run it there.");

        using var work = new TemporaryFolder();
        var dir = Path.Combine(work.Path, "sweep");
        var (code, output, error) = SampleProcess.RunWith(NoSchedulerIndex, work.Path, ["sweep", "plan", "--out", dir, "--seeds", "1,2,3,4", "--", .. Run]);
        Assert.True(code == 0, $"plan: exit {code}\n{output}\n{error}");
        (code, output, error) = SampleProcess.RunWith(NoSchedulerIndex, work.Path, "sweep", "emit", "slurm", dir, "--max-parallel", "2");
        Assert.True(code == 0, $"emit: exit {code}\n{output}\n{error}");
        var script = output.Trim();
        var sweep = Sweep.Load(dir);

        using var cluster = new SlurmCluster();
        var job = cluster.Run("sbatch", "--parsable", script).Trim().Split(';')[0];

        // Catch a task mid-run (after its first checkpoint), freeze it there, and requeue it: Slurm stops it with
        // SIGTERM (the host checkpoints and exits 130) and runs the task again, which resumes the entry.
        var clock = Stopwatch.StartNew();
        int? requeued = null;
        while (requeued is null)
        {
            if (clock.Elapsed > TimeSpan.FromMinutes(3)) Assert.Fail($"no task was caught mid-run\n{cluster.Run("squeue")}\n{cluster.Logs()}");
            foreach (var entry in sweep.Entries)
            {
                var folder = sweep.RunFolder(entry);
                if (!File.Exists(Path.Combine(folder, "checkpoint.bin")) || RunFolder.ReadStatus(folder) != "running") continue;
                if (!TryReadPid(Path.Combine(folder, RunLock.FileName), out var pid) || kill(pid, SigStop) != 0) continue;
                if (RunFolder.ReadStatus(folder) != "running")
                {
                    kill(pid, SigCont);
                    continue;
                }
                cluster.Run("scontrol", "requeue", $"{job}_{entry.Index}");
                requeued = entry.Index;
                break;
            }
            Thread.Sleep(20);
        }

        clock.Restart();
        while (cluster.Run("squeue", "-h", "-j", job).Trim().Length > 0)
        {
            if (clock.Elapsed > TimeSpan.FromMinutes(5)) Assert.Fail($"the array did not finish\n{cluster.Run("squeue")}\n{cluster.Logs()}");
            Thread.Sleep(500);
        }

        var logs = Path.Combine(dir, "logs");
        foreach (var entry in sweep.Entries)
            Assert.True(RunFolder.ReadStatus(sweep.RunFolder(entry)) == "finished",
                $"entry {entry.Index}: {RunFolder.ReadStatus(sweep.RunFolder(entry))}\n{Read(Path.Combine(logs, $"{job}_{entry.Index}.out"))}\n{Read(Path.Combine(logs, $"{job}_{entry.Index}.err"))}");
        var requeuedLog = Read(Path.Combine(logs, $"{job}_{requeued}.out"));
        Assert.Contains("Interrupted. Checkpoint saved", requeuedLog);
        Assert.Contains($"sweep: entry {requeued} ({sweep.Entries[requeued.Value].Id}) was interrupted; resuming it from its checkpoint.", requeuedLog);
        Assert.Contains("Restarts=1", cluster.Run("scontrol", "show", "job", $"{job}_{requeued}"));

        (code, output, error) = SampleProcess.RunWith(NoSchedulerIndex, work.Path, "sweep", "report", dir);
        Assert.True(code == 0, $"report: exit {code}\n{output}\n{error}");

        // The same entries run locally, one process each, give the same report to the last digit.
        var local = Path.Combine(work.Path, "local");
        Directory.CreateDirectory(local);
        File.Copy(Path.Combine(dir, Sweep.FileName), Path.Combine(local, Sweep.FileName));
        foreach (var entry in sweep.Entries)
        {
            (code, output, error) = SampleProcess.RunWith(NoSchedulerIndex, work.Path, "sweep", "run", local, "--index", entry.Index.ToString(CultureInfo.InvariantCulture));
            Assert.True(code == 0, $"local entry {entry.Index}: exit {code}\n{output}\n{error}");
        }
        (code, output, error) = SampleProcess.RunWith(NoSchedulerIndex, work.Path, "sweep", "report", local);
        Assert.True(code == 0, $"local report: exit {code}\n{output}\n{error}");

        var report = File.ReadAllLines(Path.Combine(dir, "report.csv"));
        Assert.Equal(1 + sweep.Entries.Count, report.Length);
        Assert.All(report.Skip(1), row => Assert.Contains(",finished,", row));
        Assert.Equal(File.ReadAllText(Path.Combine(local, "report.csv")), File.ReadAllText(Path.Combine(dir, "report.csv")));
        foreach (var entry in sweep.Entries)
            Assert.Equal(File.ReadAllText(Path.Combine(sweep.RunFolder(entry), "alphas.csv")), File.ReadAllText(Path.Combine(local, "runs", entry.Id, "alphas.csv")));
        Assert.Contains("4 runs planned, 4 finished.", File.ReadAllText(Path.Combine(dir, "report.md")));
    }

    private static string Read(string file) => File.Exists(file) ? File.ReadAllText(file) : $"({file} missing)";

    private static bool TryReadPid(string file, out int pid)
    {
        pid = 0;
        try
        {
            return int.TryParse(File.ReadAllText(file).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out pid);
        }
        catch (IOException)
        {
            return false;
        }
    }

    private const int SigStop = 19;
    private const int SigCont = 18;

    [System.Runtime.InteropServices.DllImport("libc", SetLastError = true)]
    private static extern int kill(int pid, int signal);
}
