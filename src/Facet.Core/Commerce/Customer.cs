namespace Facet.Core.Commerce;

/// <summary>
/// A customer (topic <c>customers</c>): Shape A's profile and Shape B's customer file in one record. A later record
/// with the same <see cref="CustomerId"/> is a newer version of the customer (its <see cref="LastLoginAt"/> moves).
/// Fields, units and sources: docs/commerce.md.
/// </summary>
public sealed record Customer
{
    public required string CustomerId { get; init; }

    /// <summary>The full name as one string (Shape A <c>name</c>).</summary>
    public string? Name { get; init; }

    public string? FirstName { get; init; }

    public string? LastName { get; init; }

    public string? Username { get; init; }

    public string? Email { get; init; }

    public CustomerGender? Gender { get; init; }

    public DateOnly? BirthDate { get; init; }

    /// <summary>Age in years as the source stated it (Shape A); not derived from <see cref="BirthDate"/>.</summary>
    public int? Age { get; init; }

    /// <summary>A postal address as one string (Shape A <c>location</c>).</summary>
    public string? Address { get; init; }

    /// <summary>Home region or city name (Shape B <c>home_location</c>, e.g. "Jakarta Raya").</summary>
    public string? HomeLocation { get; init; }

    public string? HomeCountry { get; init; }

    /// <summary>Degrees, −90…90.</summary>
    public double? HomeLatitude { get; init; }

    /// <summary>Degrees, −180…180.</summary>
    public double? HomeLongitude { get; init; }

    public string? DeviceType { get; init; }

    public string? DeviceId { get; init; }

    public string? DeviceVersion { get; init; }

    /// <summary>When the account was opened (Shape A <c>account_created</c>, Shape B <c>first_join_date</c> at 00:00 UTC).</summary>
    public DateTimeOffset? AccountCreatedAt { get; init; }

    public DateTimeOffset? LastLoginAt { get; init; }

    /// <summary>When this version of the customer was written (Facet's form only); null when the source does not say.</summary>
    public DateTimeOffset? UpdatedAt { get; init; }
}
