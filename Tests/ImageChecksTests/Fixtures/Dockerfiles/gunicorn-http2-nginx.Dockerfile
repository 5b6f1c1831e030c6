FROM nginx:1.29-alpine

# Install curl for healthcheck
RUN apk add --no-cache curl

# Copy nginx configuration
COPY nginx.conf /etc/nginx/nginx.conf

EXPOSE 8444

CMD ["nginx", "-g", "daemon off;"]
