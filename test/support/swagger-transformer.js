// Applies the @nestjs/swagger CLI plugin under ts-jest, so the OpenAPI document the e2e
// tests read is the one `nest build` produces (DTO schemas from class-validator and JSDoc).
const plugin = require('@nestjs/swagger/plugin');

module.exports.name = 'nestjs-swagger-transformer';
module.exports.version = 1;
module.exports.factory = (compiler) =>
  plugin.before({ classValidatorShim: true, introspectComments: true }, compiler.program);
