namespace MarketMaking.Cli.Commands;

/// <summary>A protocol simulator as <c>mm simulate</c> drives it, whichever venue's protocol it speaks.</summary>
/// <param name="Server">The running server, disposed at the end.</param>
/// <param name="Lines">What is printed at start: what it serves and its URLs.</param>
/// <param name="ReplayUntilBookAsync">Replays up to the recording's first depth snapshot; false when there is none.</param>
/// <param name="HasBookClientAsync">Whether a client subscribes to a book.</param>
/// <param name="ReplayAsync">Replays the rest of the recording.</param>
/// <param name="Summary">The last line: what was replayed and served.</param>
internal sealed record ServedSimulator(
    IAsyncDisposable Server,
    IReadOnlyList<string> Lines,
    Func<CancellationToken, Task<bool>> ReplayUntilBookAsync,
    Func<Task<bool>> HasBookClientAsync,
    Func<CancellationToken, Task> ReplayAsync,
    Func<string> Summary);
