// The offline planner: without a model (or when it fails), the specialist's work goes to the branch
// that handles the ticket's category.
import type { Route } from '../../config/config-schema.ts';

export function plannedRoute(category: string | undefined): Route {
  switch (category) {
    case 'refund':
      return 'refund';
    case 'order_status':
      return 'order_status';
    case 'delivery':
      return 'download_link';
    case 'faq':
      return 'faq';
    default:
      return 'ticket';
  }
}
