namespace Facet.SchemaRegistry.Api;

/// <summary>Confluent's error codes, which its clients branch on (e.g. 40403 = no schema with that id).</summary>
internal static class RegistryErrorCodes
{
    public const int NotFound = 404;
    public const int SubjectNotFound = 40401;
    public const int VersionNotFound = 40402;
    public const int SchemaNotFound = 40403;
    public const int SubjectSoftDeleted = 40404;
    public const int SubjectNotSoftDeleted = 40405;
    public const int VersionSoftDeleted = 40406;
    public const int VersionNotSoftDeleted = 40407;
    public const int SubjectLevelCompatibilityNotConfigured = 40408;
    public const int Incompatible = 409;
    public const int InvalidSchema = 42201;
    public const int InvalidVersion = 42202;
    public const int InvalidCompatibilityLevel = 42203;
    public const int StoreError = 50001;
}
