namespace MarketMaking.Models;

/// <summary>The outcome of comparing a venue's book checksum with the rebuilt book.</summary>
/// <remarks>Pinned values.</remarks>
public enum ChecksumCheck
{
    /// <summary>The message carried no checksum, or it was not checked.</summary>
    None = 0,

    /// <summary>The checksum matched.</summary>
    Matched = 1,

    /// <summary>The checksum differed; the book went out of sync.</summary>
    Mismatched = 2,
}
