using System.Collections.Concurrent;
using System.Net.WebSockets;
using System.Text;
using MarketMaking.Models;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using MarketMaking.Testing;
using Microsoft.Extensions.Time.Testing;

namespace MarketMaking.Adapters.Tests;

/// <summary>The venue-neutral connection supervisor against a real Kestrel WebSocket server on loopback, on a fake clock.</summary>
[FixtureLifeCycle(LifeCycle.InstancePerTestCase)]
public sealed class SupervisedWebSocketTests
{
    private static readonly VenueId s_venue = VenueId.Create("test");
    private readonly WatchedClock _clock = new(DateTimeOffset.FromUnixTimeSeconds(1_700_000_000));
    private readonly ConcurrentQueue<ConnectionStateChanged> _states = new();
    private WebApplication? _app;
    private volatile bool _acceptWebSockets = true;

    /// <summary>Gets the query string of every WebSocket handshake the server accepted, in order.</summary>
    private readonly ConcurrentQueue<string> _handshakeQueries = new();

    [TearDown]
    public async Task TearDownAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }

    private async Task<Uri> StartServerAsync(Func<WebSocket, Task> serve)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        _app = builder.Build();
        _app.UseWebSockets();
        _app.Run(async context =>
        {
            if (!_acceptWebSockets || !context.WebSockets.IsWebSocketRequest)
            {
                context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
                return;
            }

            using var socket = await context.WebSockets.AcceptWebSocketAsync();
            _handshakeQueries.Enqueue(context.Request.QueryString.Value ?? string.Empty);
            await serve(socket);
        });
        await _app.StartAsync();
        var address = new Uri(_app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        return new Uri($"ws://{address.Authority}/");
    }

    private SupervisedWebSocket CreateSut(Uri endpoint, RecordingHandler handler, WebSocketConnectionOptions? options = null)
    {
        var sink = new RecordingSink(_states);
        return new SupervisedWebSocket(s_venue, "test", endpoint, options ?? new WebSocketConnectionOptions(), handler, sink, _clock, backoff: new ReconnectBackoff(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(8), new Random(7)));
    }

    private async Task WaitForAsync(Func<bool> condition, string what, TimeSpan? step = null)
    {
        for (var i = 0; i < 2_000; i++)
        {
            if (condition())
            {
                return;
            }

            if (step is { } by)
            {
                _clock.Advance(by);
            }

            await Task.Delay(5);
        }

        Assert.Fail($"Timed out waiting for: {what}; states: {string.Join(", ", _states.Select(s => $"{s.Current}#{s.Attempt}({s.Reason})"))}");
    }

    private static async Task ServeUntilClosedAsync(WebSocket socket, params string[] messages)
    {
        foreach (var message in messages)
        {
            await socket.SendAsync(Encoding.UTF8.GetBytes(message), WebSocketMessageType.Text, true, CancellationToken.None);
        }

        var buffer = new byte[1024];
        try
        {
            while (true)
            {
                var result = await socket.ReceiveAsync(buffer, CancellationToken.None);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
                    return;
                }
            }
        }
        catch (WebSocketException)
        {
            // The client dropped the connection.
        }
    }

    [Test]
    public async Task RefusedHandshakes_RetryWithGrowingBackoff_AndNothingHappensUntilTheClockMoves()
    {
        _acceptWebSockets = false;
        var endpoint = await StartServerAsync(socket => ServeUntilClosedAsync(socket));
        var handler = new RecordingHandler();
        await using var sut = CreateSut(endpoint, handler);

        var started = sut.StartAsync();
        await WaitForAsync(() => sut.State == ConnectionState.Reconnecting, "the first refusal");

        // Waiting on the clock for the first backoff (half to all of 1 s), the connection takes no step until it moves.
        await WaitForAsync(() => _clock.HasOneShotTimer(0, TimeSpan.FromSeconds(0.5), TimeSpan.FromSeconds(1)), "the backoff's wait on the clock");
        Assert.That(_states.Count(s => s.Current == ConnectionState.Connecting), Is.EqualTo(1), "no second attempt before the backoff elapses");

        // Attempt n waits at most 1 s × 2^(n−1): 1 + 2 + 4 s covers three more attempts.
        foreach (var ceiling in new[] { 1, 2, 4 })
        {
            var attempts = _states.Count(s => s.Current == ConnectionState.Connecting);
            _clock.Advance(TimeSpan.FromSeconds(ceiling));
            await WaitForAsync(() => _states.Count(s => s.Current == ConnectionState.Reconnecting) == attempts + 1, $"attempt {attempts + 1}");
        }

        _acceptWebSockets = true;
        await WaitForAsync(() => sut.State == ConnectionState.Connected, "the venue back", TimeSpan.FromMilliseconds(500));
        await started.WaitAsync(TimeSpan.FromSeconds(10));
        var reconnecting = _states.Where(s => s.Current == ConnectionState.Reconnecting).ToArray();
        Assert.Multiple(() =>
        {
            Assert.That(reconnecting.Select(s => s.Attempt).Take(4), Is.EqualTo(new[] { 1, 2, 3, 4 }));
            Assert.That(reconnecting[0].Reason, Does.StartWith("connect failed"));
            Assert.That(handler.Connections, Is.EqualTo(1), "the session is restored once connected");
        });
    }

    [Test]
    public async Task HandlerThrowingOnAMessage_SkipsIt_TheConnectionAndLaterMessagesSurvive()
    {
        var endpoint = await StartServerAsync(socket => ServeUntilClosedAsync(socket, "boom", "fine"));
        var handler = new RecordingHandler { ThrowOn = "boom" };
        await using var sut = CreateSut(endpoint, handler);

        await sut.StartAsync().WaitAsync(TimeSpan.FromSeconds(10));
        await WaitForAsync(() => handler.Messages.Contains("fine"), "the message after the bad one");

        Assert.Multiple(() =>
        {
            Assert.That(sut.State, Is.EqualTo(ConnectionState.Connected));
            Assert.That(sut.ConnectionCount, Is.EqualTo(1));
        });
    }

    [Test]
    public async Task OversizedMessage_EndsTheConnectionWithTheReason_AndAFreshOneIsOpened()
    {
        var served = 0;
        var endpoint = await StartServerAsync(socket => Interlocked.Increment(ref served) == 1
            ? ServeUntilClosedAsync(socket, new string('x', 4096))
            : ServeUntilClosedAsync(socket));
        var handler = new RecordingHandler();
        await using var sut = CreateSut(endpoint, handler, new WebSocketConnectionOptions { MaxMessageBytes = 1024 });

        // The first connection may end before it counts as connected, so the start completes only after the backoff.
        var started = sut.StartAsync();
        await WaitForAsync(() => sut.ConnectionCount == 2 && sut.State == ConnectionState.Connected, "a fresh connection", TimeSpan.FromMilliseconds(250));

        Assert.Multiple(() =>
        {
            Assert.That(_states.First(s => s.Current == ConnectionState.Reconnecting).Reason, Does.Contain("exceeded 1024 bytes"));
            Assert.That(handler.Messages, Is.Empty);
            Assert.That(handler.Disconnects, Has.Count.EqualTo(1));
            Assert.That(started.IsCompletedSuccessfully, Is.True);
        });
    }

    [Test]
    public async Task ANewEndpoint_IsUsedFromTheNextConnection_WhichReconnectForces()
    {
        var endpoint = await StartServerAsync(socket => ServeUntilClosedAsync(socket));
        var handler = new RecordingHandler();
        await using var sut = CreateSut(new Uri(endpoint, "?listenKey=key-1"), handler);
        await sut.StartAsync().WaitAsync(TimeSpan.FromSeconds(10));

        sut.Endpoint = new Uri(endpoint, "?listenKey=key-2");
        sut.Reconnect("listen key renewed");
        await WaitForAsync(() => sut.ConnectionCount == 2 && sut.State == ConnectionState.Connected, "the second connection", TimeSpan.FromMilliseconds(250));

        Assert.Multiple(() =>
        {
            Assert.That(_handshakeQueries, Is.EqualTo(new[] { "?listenKey=key-1", "?listenKey=key-2" }));
            Assert.That(_states.First(s => s.Current == ConnectionState.Reconnecting).Reason, Does.Contain("listen key renewed"));
            Assert.That(() => sut.Endpoint = null!, Throws.ArgumentNullException);
        });
    }

    [Test]
    public async Task Stop_ClosesGracefullyOnce_EvenWhenCalledTwice()
    {
        var closedByClient = new TaskCompletionSource();
        var endpoint = await StartServerAsync(async socket =>
        {
            await ServeUntilClosedAsync(socket);
            closedByClient.TrySetResult();
        });
        var handler = new RecordingHandler();
        var sut = CreateSut(endpoint, handler);
        await sut.StartAsync().WaitAsync(TimeSpan.FromSeconds(10));

        await Task.WhenAll(sut.StopAsync(), sut.StopAsync()).WaitAsync(TimeSpan.FromSeconds(10));
        await sut.DisposeAsync();

        Assert.Multiple(() =>
        {
            Assert.That(closedByClient.Task.IsCompleted, Is.True, "a close frame reached the server");
            Assert.That(sut.State, Is.EqualTo(ConnectionState.Stopped));
            Assert.That(_states.Count(s => s.Current == ConnectionState.Stopped), Is.EqualTo(1));
            Assert.That(sut.SendAsync("x"u8.ToArray()).AsTask().Result, Is.EqualTo(WebSocketSendStatus.NotConnected));
        });
    }

    private sealed class RecordingHandler : IWebSocketSessionHandler
    {
        public ConcurrentQueue<string> Messages { get; } = new();

        public ConcurrentQueue<string> Disconnects { get; } = new();

        public string? ThrowOn { get; init; }

        public int Connections { get; private set; }

        public Task OnConnectedAsync(CancellationToken cancellationToken)
        {
            Connections++;
            return Task.CompletedTask;
        }

        public ValueTask OnMessageAsync(ReadOnlyMemory<byte> message, WebSocketMessageType messageType)
        {
            var text = Encoding.UTF8.GetString(message.Span);
            if (text == ThrowOn)
            {
                throw new InvalidOperationException("handler bug");
            }

            Messages.Enqueue(text);
            return ValueTask.CompletedTask;
        }

        public void OnDisconnected(string reason) => Disconnects.Enqueue(reason);

        public Task SendPingAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }

    private sealed class RecordingSink(ConcurrentQueue<ConnectionStateChanged> states) : IVenueEventSink
    {
        public ValueTask PostAsync(VenueEvent venueEvent, CancellationToken cancellationToken = default)
        {
            if (venueEvent is ConnectionStateChanged change)
            {
                states.Enqueue(change);
            }

            return ValueTask.CompletedTask;
        }
    }
}
