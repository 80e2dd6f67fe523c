module.exports = async () => require('../support/build-frontend').buildFrontend({ always: true });
