namespace Facet.Storage.Tests.Reports;

/// <summary>A clock the test sets: "now" for the warehouse's received_at/committed_at and the reports' today.</summary>
internal sealed class ManualTimeProvider(DateTimeOffset now) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = now;

    public override DateTimeOffset GetUtcNow() => Now;
}
