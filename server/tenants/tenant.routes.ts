/** `PATCH /v1/tenant` (owner): the business's plan (server/README.md "Plans"). */
import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import { roleGuard } from '../front-desk/front-desk.access';
import { problemResponses } from '../http/route-docs';
import type { ZodTypeProvider } from '../http/zod-type-provider';
import { PLAN_NAMES } from './plans';
import type { TenantPlanService } from './tenant-plan.service';

const ChangePlanBody = z.strictObject({
  plan: z.enum(PLAN_NAMES).describe('basic: no connected calendars; professional: calendars included'),
});
const TenantPlan = z.object({
  id: z.string(),
  name: z.string(),
  plan: z.enum(PLAN_NAMES),
  calendarsIncluded: z.boolean(),
  disconnectedCalendars: z.number().int(),
});

export const tenantRoutes: FastifyPluginAsync<{ plans: TenantPlanService }> = async (app, { plans }) => {
  app.withTypeProvider<ZodTypeProvider>().patch(
    '/v1/tenant',
    {
      schema: {
        summary:
          "Change the business's plan (owner); a plan without connected calendars disconnects every calendar",
        tags: ['tenant'],
        body: ChangePlanBody,
        response: { 200: TenantPlan, ...problemResponses(401, 403, 422) },
      },
      preValidation: roleGuard('owner'),
    },
    async (request) =>
      plans.changePlan(request.scope, request.auth.userId ?? request.auth.credentialId, request.body.plan),
  );
};
