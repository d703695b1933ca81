using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Facet.Storage.Tests.Warehouse;

/// <summary>Every logger it creates records "Level: message" into one list, for tests of what a warehouse logs.</summary>
internal sealed class RecordingLoggerFactory : ILoggerFactory
{
    public ConcurrentQueue<string> Lines { get; } = new();

    /// <summary>The recorded messages at <paramref name="level"/> that contain <paramref name="text"/>, in order.</summary>
    public IEnumerable<string> At(LogLevel level, string text) =>
        Lines.Where(l => l.StartsWith(level + ": ", StringComparison.Ordinal) && l.Contains(text, StringComparison.Ordinal));

    public ILogger CreateLogger(string categoryName) => new Recorder(Lines);

    public void AddProvider(ILoggerProvider provider)
    {
    }

    public void Dispose()
    {
    }

    private sealed class Recorder(ConcurrentQueue<string> lines) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            lines.Enqueue($"{logLevel}: {formatter(state, exception)}");
    }
}
