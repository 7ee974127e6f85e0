namespace MarketMaking.Oms;

/// <summary>Settings of the OMS (<c>Oms</c> configuration section).</summary>
public sealed class OmsOptions
{
    /// <summary>The configuration section name.</summary>
    public const string SectionName = "Oms";

    /// <summary>Gets or sets the journal file; <see langword="null"/> runs without a journal (nothing survives a restart).</summary>
    public string? JournalPath { get; set; }

    /// <summary>Gets or sets whether each journal commit is flushed to disk (<c>synchronous=FULL</c>).</summary>
    /// <value>Defaults to <see langword="true"/>.</value>
    public bool DurableJournal { get; set; } = true;

    /// <summary>
    /// Gets or sets whether the journal is written by a thread of its own in batches (group commit), so that the engine
    /// loop never waits for the disk. When
    /// <see langword="false"/>, each record is committed on the loop as it is appended. With
    /// <see cref="JournalCommitPerBurst"/>, the batches are the loop's bursts, whole.
    /// </summary>
    /// <value>Defaults to <see langword="true"/>.</value>
    public bool JournalWriterThread { get; set; } = true;

    /// <summary>
    /// Gets or sets whether the journal's records of one burst of the engine loop are committed together when it ends,
    /// one transaction per burst, whatever the timing of the threads: on the loop, or, with
    /// <see cref="JournalWriterThread"/>, on the writer's thread, the bursts in order (a backtest's choice: the same file
    /// every run; a crash loses the bursts not yet committed).
    /// </summary>
    /// <value>Defaults to <see langword="false"/>.</value>
    public bool JournalCommitPerBurst { get; set; }

    /// <summary>
    /// Gets or sets whether this process holds the journal file alone for its whole run (SQLite's exclusive locking
    /// mode): no file lock is taken and released at each commit, and no other process can read the file until the OMS
    /// closes it. A backtest's own journal; a live host leaves it off so that the file can be inspected while it runs.
    /// </summary>
    /// <value>Defaults to <see langword="false"/>.</value>
    public bool ExclusiveJournal { get; set; }

    /// <summary>
    /// Gets or sets whether the journal survives a crash of the process: SQLite's write-ahead log, whose committed
    /// records a restart reads, checkpointed into the file when the OMS closes it. When <see langword="false"/> the
    /// records go straight into the file, never synced whatever <see cref="DurableJournal"/> says (the rollback journal
    /// kept in memory: <c>journal_mode=MEMORY</c>, <c>synchronous=OFF</c>), and there is no log to copy back at the end,
    /// but a crash in the middle of a commit can leave the file unreadable: a backtest's choice, whose journal is the
    /// run's record, written beside the last run's and moved into place only when the run has ended.
    /// </summary>
    /// <value>Defaults to <see langword="true"/>.</value>
    public bool CrashSafeJournal { get; set; } = true;

    /// <summary>
    /// Gets or sets whether a new order waits for its intent to be committed to the journal before it leaves for the
    /// venue (write-ahead, as LMAX's journaler before output). The wait is off the loop, but every new order's way to the
    /// venue then includes one group commit (a disk flush: from tens of microseconds on a local SSD to milliseconds on a
    /// network disk). When <see langword="false"/>, the intent is handed to the journal's writer and the order leaves at
    /// once: a crash can lose the intents of the last group commit, whose orders the next start finds at the venue by
    /// their client order ids (this OMS's, from an earlier session) and adopts (see <see cref="ClientOrderIdGenerator"/>
    /// and <see cref="Reconciler"/>). Client order ids are never given twice either way.
    /// </summary>
    /// <value>Defaults to <see langword="false"/>.</value>
    public bool IntentDurableBeforeSend { get; set; }

    /// <summary>Gets or sets the engine loop's input capacity (events waiting); adapters wait when it is full.</summary>
    /// <value>Defaults to 65,536.</value>
    [System.ComponentModel.DataAnnotations.Range(1_024, 16_777_216)]
    public int LoopCapacity { get; set; } = 65_536;

    /// <summary>
    /// Gets or sets the CPU the engine loop's thread runs on (Linux only; <c>sched_setaffinity</c>), or
    /// <see langword="null"/> to let the OS schedule it. Pick a CPU that takes none of the journal disk's or the network
    /// card's interrupts (<c>/proc/interrupts</c>) and that the journal's writer does not use. On the 2-core machine of
    /// <c>docs/oms.md</c> (CPU placement) the disk's interrupts land on CPU 1, and the loop on CPU 0 cuts tick to order's
    /// p99 by about two thirds. The process's other threads leave that CPU to the loop.
    /// </summary>
    /// <value>Defaults to <see langword="null"/>.</value>
    public int? LoopCpu { get; set; }

    /// <summary>Gets or sets the CPU the journal's writer thread runs on (Linux only), or <see langword="null"/> to let the OS schedule it.</summary>
    /// <value>Defaults to <see langword="null"/>.</value>
    public int? JournalWriterCpu { get; set; }
}
