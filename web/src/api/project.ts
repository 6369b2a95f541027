// The dashboard works in one project; every project-scoped API path starts here.
export const projectId = 'default';

export const projectApi = `/api/projects/${projectId}`;
