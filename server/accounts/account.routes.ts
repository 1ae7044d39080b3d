/** Signup (public) and the caller's profile (authenticated). */
import type { FastifyPluginAsync } from 'fastify';
import { requireUserId } from '../auth/request-auth';
import { problemResponses } from '../http/route-docs';
import type { ZodTypeProvider } from '../http/zod-type-provider';
import { Me, SignupBody, SignupResult } from './account.schemas';
import type { ProfileService } from './profile.service';
import type { SignupService } from './signup.service';

export const signupRoutes: FastifyPluginAsync<{ signup: SignupService }> = async (app, { signup }) => {
  app.withTypeProvider<ZodTypeProvider>().post(
    '/v1/signup',
    {
      schema: {
        summary: 'Create a business with its owner and first location',
        tags: ['accounts'],
        body: SignupBody,
        response: { 201: SignupResult, ...problemResponses(409, 413, 422, 429) },
      },
      // Account creation is expensive (argon2) and attractive to abuse.
      config: { rateLimit: { max: 20, timeWindow: '1 minute' } },
    },
    async (request, reply) => reply.code(201).send(await signup.signup(request.body)),
  );
};

export const meRoutes: FastifyPluginAsync<{ profiles: ProfileService }> = async (app, { profiles }) => {
  app.withTypeProvider<ZodTypeProvider>().get(
    '/v1/me',
    {
      schema: {
        summary: 'The signed-in user and their business',
        tags: ['accounts'],
        response: { 200: Me, ...problemResponses(401, 403) },
      },
    },
    async (request) => profiles.getMe(request.scope, requireUserId(request)),
  );
};
