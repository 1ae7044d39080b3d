/** `/v1/me/mfa`: TOTP enrolment, confirmation and removal for the signed-in user (API keys: 403). */
import type { FastifyPluginAsync } from 'fastify';
import { requireUserId } from '../auth/request-auth';
import { problemResponses } from '../http/route-docs';
import type { ZodTypeProvider } from '../http/zod-type-provider';
import { perCredentialRateLimit } from '../users/credential-rate-limit';
import { ConfirmMfaBody, DisableMfaBody, MfaEnrolment, RecoveryCodes } from './mfa.schemas';
import type { MfaService } from './mfa.service';

export const mfaRoutes: FastifyPluginAsync<{ mfa: MfaService }> = async (app, { mfa }) => {
  const routes = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['accounts'];

  routes.post(
    '/v1/me/mfa',
    {
      schema: {
        summary: 'Start TOTP enrolment: a new secret and otpauth URI (not in force until confirmed)',
        tags,
        response: { 200: MfaEnrolment, ...problemResponses(401, 403, 409) },
      },
    },
    async (request, reply) => {
      const enrolment = await mfa.enrol(request.scope, requireUserId(request));
      return reply.header('cache-control', 'no-store').send(enrolment);
    },
  );

  routes.post(
    '/v1/me/mfa/confirm',
    {
      schema: {
        summary: 'Confirm enrolment with a first code: turns MFA on, returns 10 recovery codes once',
        tags,
        body: ConfirmMfaBody,
        response: { 200: RecoveryCodes, ...problemResponses(401, 403, 409, 422, 429) },
      },
      config: { rateLimit: perCredentialRateLimit() },
    },
    async (request, reply) => {
      const codes = await mfa.confirm(request.scope, requireUserId(request), request.body.code);
      return reply.header('cache-control', 'no-store').send(codes);
    },
  );

  routes.delete(
    '/v1/me/mfa',
    {
      schema: {
        summary: 'Turn MFA off with a current code, a recovery code or your password',
        tags,
        body: DisableMfaBody,
        response: { 204: { type: 'null' }, ...problemResponses(401, 403, 409, 422, 429) },
      },
      config: { rateLimit: perCredentialRateLimit() },
    },
    async (request, reply) => {
      await mfa.disable(request.scope, requireUserId(request), request.body);
      return reply.code(204).send();
    },
  );
};
