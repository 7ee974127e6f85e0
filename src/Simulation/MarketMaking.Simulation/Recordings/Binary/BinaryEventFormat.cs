namespace MarketMaking.Simulation.Recordings.Binary;

/// <summary>The constants of the binary event format (<c>.mmev</c>); its layout is described on <see cref="BinaryRecordingReader"/>.</summary>
internal static class BinaryEventFormat
{
    /// <summary>The file's first four bytes: "MMEV".</summary>
    public static ReadOnlySpan<byte> Magic => "MMEV"u8;

    /// <summary>The layout's version.</summary>
    public const ushort Version = 1;

    public const byte Symbol = 1;
    public const byte Snapshot = 2;
    public const byte Delta = 3;
    public const byte Trade = 4;
    public const byte TopOfBook = 5;

    // Optional fields of snapshots and deltas, in this order when present.
    public const byte HasFirstUpdateId = 1;
    public const byte HasFinalUpdateId = 2;
    public const byte HasPreviousFinalUpdateId = 4;
    public const byte HasLastUpdateId = 8;
    public const byte HasChecksum = 16;
    public const byte HasDepth = 32;
}
