using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging;

namespace MarketMaking.Oms;

/// <summary>
/// Pins a thread to one CPU (Linux, <c>sched_setaffinity(2)</c>): the engine loop's thread kept away from the CPUs that
/// take the journal disk's and the network card's interrupts (see <c>/proc/interrupts</c>), and from the journal's writer.
/// </summary>
/// <remarks>
/// A thread started by a pinned thread inherits its CPU (Linux copies the mask at <c>clone</c>), so pin a thread only
/// once the threads it would start are running. Source: <see href="https://man7.org/linux/man-pages/man2/sched_setaffinity.2.html"/>.
/// </remarks>
internal static class CpuAffinity
{
    /// <summary>The largest CPU number a mask here holds (the size of glibc's <c>cpu_set_t</c>).</summary>
    public const int MaxCpu = 1023;

    private const int MaskWords = (MaxCpu + 1) / 64;

    /// <summary>Gets whether this OS lets a thread be pinned here.</summary>
    public static bool IsSupported => OperatingSystem.IsLinux();

    /// <summary>Checks that a CPU can be asked for: on Linux, among the CPUs this process may run on.</summary>
    /// <param name="cpu">The CPU's number.</param>
    /// <returns>Why it cannot, or <see langword="null"/>.</returns>
    public static string? Problem(int cpu)
    {
        if (!IsSupported)
        {
            return "pinning a thread to a CPU is supported on Linux only";
        }

        if (cpu is < 0 or > MaxCpu)
        {
            return $"CPU {cpu} is not a CPU number (0 to {MaxCpu})";
        }

        var mask = new ulong[MaskWords];
        if (GetAffinity(0, mask.Length * sizeof(ulong), mask) != 0)
        {
            return $"the CPUs this process may run on cannot be read (errno {Marshal.GetLastPInvokeError()})";
        }

        return (mask[cpu / 64] & (1UL << (cpu % 64))) != 0 ? null : $"CPU {cpu} is not among the CPUs this process may run on";
    }

    /// <summary>Pins the calling thread to a CPU.</summary>
    /// <param name="cpu">The CPU's number.</param>
    /// <param name="alone">Whether the process's other threads (those running now, and so those they start later) leave that CPU to it.</param>
    /// <returns>Why it was not pinned, or <see langword="null"/> when it is.</returns>
    public static string? PinCurrentThread(int cpu, bool alone = false)
    {
        if (Problem(cpu) is { } problem)
        {
            return problem;
        }

        var mask = new ulong[MaskWords];
        mask[cpu / 64] = 1UL << (cpu % 64);

        // Thread id 0: the calling thread only (not the whole process).
        if (SetAffinity(0, mask.Length * sizeof(ulong), mask) != 0)
        {
            return $"sched_setaffinity failed (errno {Marshal.GetLastPInvokeError()})";
        }

        if (alone)
        {
            LeaveToCallingThread(cpu);
        }

        return null;
    }

    /// <summary>Pins the calling thread to a CPU and logs how it went (events 4009, 4010): a CPU that cannot be had leaves the thread where the OS puts it.</summary>
    /// <param name="cpu">The CPU's number.</param>
    /// <param name="thread">The thread, for the log ("engine loop's").</param>
    /// <param name="logger">The logger.</param>
    /// <param name="alone">Whether the process's other threads leave that CPU to it.</param>
    public static void PinCurrentThread(int cpu, string thread, ILogger logger, bool alone = false)
    {
        if (PinCurrentThread(cpu, alone) is { } problem)
        {
            Log.ThreadNotPinned(logger, thread, cpu, problem);
        }
        else
        {
            Log.ThreadPinned(logger, thread, cpu);
        }
    }

    /// <summary>Takes a CPU out of every other thread's mask that has another CPU to go to (best effort: a thread may end meanwhile).</summary>
    private static void LeaveToCallingThread(int cpu)
    {
        var self = Directory.ResolveLinkTarget("/proc/thread-self", returnFinalTarget: false)?.Name;
        var mask = new ulong[MaskWords];
        foreach (var task in Directory.EnumerateDirectories("/proc/self/task"))
        {
            var name = Path.GetFileName(task);
            if (name == self || !int.TryParse(name, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var threadId)
                || GetAffinity(threadId, mask.Length * sizeof(ulong), mask) != 0)
            {
                continue;
            }

            var bit = 1UL << (cpu % 64);
            var others = mask.Select((word, i) => i == cpu / 64 ? word & ~bit : word).Any(word => word != 0);
            if ((mask[cpu / 64] & bit) != 0 && others)
            {
                mask[cpu / 64] &= ~bit;
                _ = SetAffinity(threadId, mask.Length * sizeof(ulong), mask);
            }
        }
    }

    // DllImport rather than LibraryImport: the source-generated stub needs unsafe code in the project, for two calls at start.
    [DllImport("libc", EntryPoint = "sched_setaffinity", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int SetAffinity(int threadId, nint maskBytes, ulong[] mask);

    [DllImport("libc", EntryPoint = "sched_getaffinity", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int GetAffinity(int threadId, nint maskBytes, ulong[] mask);
}
