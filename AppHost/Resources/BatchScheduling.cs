using System.Globalization;

namespace MlOps.AppHost.Resources;

/// <summary>
/// Linux's SCHED_BATCH for this process, and so for every process it starts afterwards: a child inherits the policy of
/// the thread that forks it. Under it a woken thread waits for the running one's time slice instead of preempting it.
/// The system's processes hand each other work all the time (the gateway wakes Inference, which wakes the log batcher,
/// RabbitMQ, Telemetry, PostgreSQL); on a machine with fewer cores than busy threads, normal scheduling switches to
/// the woken process at every hand-off, and the switches cost more CPU than the work handed over.
/// </summary>
internal static class BatchScheduling
{
    /// <returns>False when a thread's policy could not be changed (not Linux, or refused).</returns>
    public static bool ApplyToThisProcess()
    {
        if (!OperatingSystem.IsLinux())
        {
            return false;
        }

        var applied = true;
        foreach (var task in Directory.EnumerateDirectories("/proc/self/task"))
        {
            applied &= Libc.SetBatchPolicy(int.Parse(Path.GetFileName(task), CultureInfo.InvariantCulture));
        }

        return applied;
    }
}