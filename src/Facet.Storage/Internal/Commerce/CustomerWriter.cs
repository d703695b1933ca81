using Facet.Core.Commerce;

namespace Facet.Storage.Internal.Commerce;

/// <summary>
/// The <c>customers</c> stream → dim_commerce_customer, type 1: one row per customer, the newest version's attributes
/// (last_login moves forward). A version is the record's updated_at, else last_login, else account_created; a record
/// no newer than the stored version changes nothing and counts as a duplicate. It also completes the inferred member
/// a fact created before the customer arrived (its version is -1).
/// </summary>
internal sealed class CustomerWriter(WarehouseBase warehouse) : CommerceStreamWriter<Customer>(warehouse)
{
    private const int Columns = 22;

    public override string Stream => CommerceTopics.Customers;

    protected override string Key(Customer record) => record.CustomerId;

    protected override bool Supersedes(Customer candidate, Customer kept) => Version(Stamp(candidate)) > Version(Stamp(kept));

    protected override DateTimeOffset? EventTime(Customer record) => null;

    protected override (string Id, DateTime? At)? ProbeKey(Customer record, DateTime nowUtc) => (record.CustomerId, null);

    // As write_customers: a stored customer changes only when the record's version is newer (an inferred one is -1).
    protected override bool IsNewerThan(Customer record, long storedVersion) => Version(Stamp(record)) > storedVersion;

    protected override async Task<long> WriteRowsAsync(BatchTransaction transaction, List<Customer> rows, DateTime nowUtc, CancellationToken ct)
    {
        await transaction.StageAsync("stage_customers", Columns, rows, (w, c) =>
        {
            w.Text(c.CustomerId);
            w.Text(c.Name);
            w.Text(c.FirstName);
            w.Text(c.LastName);
            w.Text(c.Username);
            w.Text(c.Email);
            w.Text(CommerceText.Of(c.Gender));
            w.DateOrNull(c.BirthDate);
            w.Int(c.Age);
            w.Text(c.Address);
            w.Text(c.HomeLocation);
            w.Text(c.HomeCountry);
            w.Double(c.HomeLatitude);
            w.Double(c.HomeLongitude);
            w.Text(c.DeviceType);
            w.Text(c.DeviceId);
            w.Text(c.DeviceVersion);
            w.TimestampOrNull(c.AccountCreatedAt?.UtcDateTime);
            w.TimestampOrNull(c.LastLoginAt?.UtcDateTime);
            w.TimestampOrNull(c.UpdatedAt?.UtcDateTime);
            w.Long(Version(Stamp(c)));
            w.Timestamp(nowUtc);
        }, ct);
        return await transaction.RunScriptAsync("write_customers", ct);
    }

    private static DateTimeOffset? Stamp(Customer c) => c.UpdatedAt ?? c.LastLoginAt ?? c.AccountCreatedAt;
}
