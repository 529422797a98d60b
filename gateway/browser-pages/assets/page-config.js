// The page's settings, written by the gateway into a JSON script element (no inline script runs).
export function pageConfig() {
  const element = document.getElementById('page-config');
  return element ? JSON.parse(element.textContent || '{}') : {};
}

export async function graphql(endpoint, query, variables, headers) {
  const response = await fetch(endpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query, variables }),
  });
  return response.json();
}
