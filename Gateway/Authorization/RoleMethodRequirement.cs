using Microsoft.AspNetCore.Authorization;

namespace MlOps.Gateway.Authorization;

/// <summary>Admins and writers may use any method; readers only GET, HEAD and OPTIONS.</summary>
public sealed class RoleMethodRequirement : IAuthorizationRequirement;