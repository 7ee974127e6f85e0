namespace MarketMaking.Oms;

/// <summary>Settings of the OMS (<c>Oms</c> configuration section).</summary>
public sealed class OmsOptions
{
    /// <summary>The configuration section name.</summary>
    public const string SectionName = "Oms";

    /// <summary>Gets or sets the journal file; <see langword="null"/> runs without a journal (nothing survives a restart).</summary>
    public string? JournalPath { get; set; }

    /// <summary>Gets or sets whether each journal append is flushed to disk before the OMS acts on it.</summary>
    /// <value>Defaults to <see langword="true"/>.</value>
    public bool DurableJournal { get; set; } = true;

    /// <summary>Gets or sets the engine loop's input capacity (events waiting); adapters wait when it is full.</summary>
    /// <value>Defaults to 65,536.</value>
    [System.ComponentModel.DataAnnotations.Range(1_024, 16_777_216)]
    public int LoopCapacity { get; set; } = 65_536;
}
