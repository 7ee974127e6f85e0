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
    /// <param name="undo">What gives the CPUs back (the calling thread's own, and those the other threads left), when pinned.</param>
    /// <returns>Why it was not pinned, or <see langword="null"/> when it is.</returns>
    public static string? PinCurrentThread(int cpu, bool alone, out Action? undo)
    {
        undo = null;
        if (Problem(cpu) is { } problem)
        {
            return problem;
        }

        // Thread id 0: the calling thread only (not the whole process).
        var own = new ulong[MaskWords];
        _ = GetAffinity(0, own.Length * sizeof(ulong), own);
        var mask = new ulong[MaskWords];
        mask[cpu / 64] = 1UL << (cpu % 64);
        if (SetAffinity(0, mask.Length * sizeof(ulong), mask) != 0)
        {
            return $"sched_setaffinity failed (errno {Marshal.GetLastPInvokeError()})";
        }

        var taken = alone ? LeaveToCallingThread(cpu) : [];
        undo = () =>
        {
            // Best effort: a thread may have ended; the calling thread is the pinned one when the loop ends on it.
            _ = SetAffinity(0, own.Length * sizeof(ulong), own);
            foreach (var (threadId, before) in taken)
            {
                _ = SetAffinity(threadId, before.Length * sizeof(ulong), before);
            }
        };
        return null;
    }

    /// <summary>
    /// Pins the calling thread to a CPU and logs how it went (events 4009, 4010): a CPU that cannot be had leaves the
    /// thread where the OS puts it.
    /// </summary>
    /// <param name="cpu">The CPU's number.</param>
    /// <param name="thread">The thread, for the log ("engine loop's").</param>
    /// <param name="logger">The logger.</param>
    /// <param name="alone">Whether the process's other threads leave that CPU to it.</param>
    /// <returns>What gives the CPUs back, to be run on the pinned thread when it is done; <see langword="null"/> when not pinned.</returns>
    public static Action? PinCurrentThread(int cpu, string thread, ILogger logger, bool alone = false)
    {
        if (PinCurrentThread(cpu, alone, out var undo) is { } problem)
        {
            Log.ThreadNotPinned(logger, thread, cpu, problem);
        }
        else
        {
            Log.ThreadPinned(logger, thread, cpu);
        }

        return undo;
    }

    /// <summary>
    /// Takes a CPU out of every other thread's mask that has another CPU to go to (best effort: a thread may end
    /// meanwhile), and returns the masks it changed, as they were.
    /// </summary>
    private static List<(int ThreadId, ulong[] Mask)> LeaveToCallingThread(int cpu)
    {
        var taken = new List<(int, ulong[])>();
        var self = Directory.ResolveLinkTarget("/proc/thread-self", returnFinalTarget: false)?.Name;
        var bit = 1UL << (cpu % 64);
        foreach (var task in Directory.EnumerateDirectories("/proc/self/task"))
        {
            var name = Path.GetFileName(task);
            var mask = new ulong[MaskWords];
            if (name == self || !int.TryParse(name, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var threadId)
                || GetAffinity(threadId, mask.Length * sizeof(ulong), mask) != 0)
            {
                continue;
            }

            var others = mask.Select((word, i) => i == cpu / 64 ? word & ~bit : word).Any(word => word != 0);
            if ((mask[cpu / 64] & bit) != 0 && others)
            {
                var before = (ulong[])mask.Clone();
                mask[cpu / 64] &= ~bit;
                if (SetAffinity(threadId, mask.Length * sizeof(ulong), mask) == 0)
                {
                    taken.Add((threadId, before));
                }
            }
        }

        return taken;
    }

    // DllImport rather than LibraryImport: the source-generated stub needs unsafe code in the project, for two calls at start.
    [DllImport("libc", EntryPoint = "sched_setaffinity", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int SetAffinity(int threadId, nint maskBytes, ulong[] mask);

    [DllImport("libc", EntryPoint = "sched_getaffinity", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int GetAffinity(int threadId, nint maskBytes, ulong[] mask);
}
