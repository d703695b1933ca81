using Facet.Core.Commerce.Internal;
using Facet.Core.Events;
using Facet.Core.Streams;

namespace Facet.Core.Commerce;

/// <summary>
/// Decodes a customer from Shape A's JSON (customer_id, name, email, location, age, gender, account_created,
/// last_login), Shape B's fields, or Facet's own form (both). Never throws; thread-safe. Rules: docs/commerce.md.
/// </summary>
public sealed class CustomerDecoder(CommerceDecoderOptions? options = null) : IRecordDecoder<Customer>, IEntityBuilder<Customer>
{
    internal const int Id = 0, Name = 1, FirstName = 2, LastName = 3, Username = 4, Email = 5, Gender = 6, BirthDate = 7, Age = 8,
        Location = 9, HomeLocation = 10, HomeCountry = 11, HomeLat = 12, HomeLong = 13, DeviceType = 14, DeviceId = 15,
        DeviceVersion = 16, AccountCreated = 17, LastLogin = 18, UpdatedAt = 19;

    internal static readonly FieldTable Table = new(
        ["customer_id", "id"],
        ["name", "full_name"],
        ["first_name"],
        ["last_name"],
        ["username", "user_name"],
        ["email", "email_address"],
        ["gender", "sex"],
        ["birthdate", "birth_date", "date_of_birth", "dob"],
        ["age"],
        ["location", "address"],
        ["home_location"],
        ["home_country", "country"],
        ["home_location_lat", "home_latitude", "latitude", "lat"],
        ["home_location_long", "home_longitude", "longitude", "lon", "lng"],
        ["device_type"],
        ["device_id"],
        ["device_version"],
        ["account_created", "account_created_at", "first_join_date", "created_at", "joined_at"],
        ["last_login", "last_login_at"],
        ["updated_at"]);

    private readonly CommerceDecoderOptions _options = options ?? new CommerceDecoderOptions();

    static FieldTable IEntityBuilder<Customer>.Fields => Table;

    public Decoded<Customer> Decode(ReadOnlyMemory<byte> value, SourcePosition position) =>
        JsonRecordDecoding.Decode<Customer, CustomerDecoder>(value, position, _options);

    static Customer? IEntityBuilder<Customer>.Build<TSource>(ref RecordReader<TSource> r)
    {
        var customer = new Customer
        {
            CustomerId = r.Id(Id),
            Name = r.String(Name),
            FirstName = r.String(FirstName),
            LastName = r.String(LastName),
            Username = r.String(Username),
            Email = r.String(Email),
            Gender = r.Enum(Gender, CommerceEnums.Gender),
            BirthDate = r.Date(BirthDate),
            Age = r.Int(Age, 0, 150),
            Address = r.String(Location),
            HomeLocation = r.String(HomeLocation),
            HomeCountry = r.String(HomeCountry),
            HomeLatitude = r.Degrees(HomeLat, 90),
            HomeLongitude = r.Degrees(HomeLong, 180),
            DeviceType = r.String(DeviceType),
            DeviceId = r.String(DeviceId),
            DeviceVersion = r.String(DeviceVersion),
            AccountCreatedAt = r.OptionalTime(AccountCreated),
            LastLoginAt = r.OptionalTime(LastLogin),
            UpdatedAt = r.OptionalTime(UpdatedAt),
        };
        return r.Failed ? null : customer;
    }
}
