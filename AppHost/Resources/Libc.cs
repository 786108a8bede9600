using System.Runtime.InteropServices;

namespace MlOps.AppHost.Resources;

internal static class Libc
{
    private const int SigInt = 2;
    private const int SigTerm = 15;
    private const int SchedBatch = 3;
    private const int NoSuchProcess = 3;

    /// <summary>Asks a process to stop gracefully (SIGTERM): .NET's Process.Kill only sends SIGKILL.</summary>
    public static void Terminate(int pid)
    {
        _ = Kill(pid, SigTerm);
    }

    /// <summary>SIGINT: for PostgreSQL a fast shutdown, which does not wait for its clients to disconnect.</summary>
    public static void Interrupt(int pid)
    {
        _ = Kill(pid, SigInt);
    }

    /// <summary>Puts one thread under SCHED_BATCH; a thread that has exited meanwhile counts as done.</summary>
    public static bool SetBatchPolicy(int threadId)
    {
        var parameters = new SchedParam();
        return SetScheduler(threadId, SchedBatch, ref parameters) == 0 || Marshal.GetLastPInvokeError() == NoSuchProcess;
    }

    [DllImport("libc", EntryPoint = "kill")]
    private static extern int Kill(int pid, int signal);

    [DllImport("libc", EntryPoint = "sched_setscheduler", SetLastError = true)]
    private static extern int SetScheduler(int pid, int policy, ref SchedParam parameters);

    [StructLayout(LayoutKind.Sequential)]
    private struct SchedParam
    {
        public int Priority;
    }
}